package schedule

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// locations caches successfully loaded zones by name (*time.Location).
// LoadLocation is deterministic for a given tzdata, so caching is safe; failures
// are not cached so that arbitrary input cannot grow the cache.
var locations sync.Map

// loadLocation loads an IANA zone. The empty name and "Local" are refused:
// they would silently mean UTC or whatever zone the machine runs in.
func loadLocation(name string) (*time.Location, error) {
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location), nil
	}
	switch name {
	case "":
		return nil, errors.New(`time zone is required (an IANA name such as "Europe/Berlin" or "UTC")`)
	case "Local":
		return nil, fmt.Errorf(`time zone %q: use an IANA name such as "Europe/Berlin", not the machine's zone`, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: unknown IANA time zone", name)
	}
	locations.Store(name, loc)
	return loc, nil
}

// location is the schedule's zone, or UTC when it cannot be loaded (Validate
// reports that case).
func (s Schedule) location() *time.Location {
	loc, err := loadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}
