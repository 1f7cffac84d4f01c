package main

import (
	"flag"
	"time"
)

// registerScenarioFlags registers the flags of the hand-off burst and the
// timers scenario (parseFlags calls it).
func registerScenarioFlags(fs *flag.FlagSet, o *options) {
	fs.IntVar(&o.capacity, "capacity", 3, "handoff: each agent's capacity in the round robin team (1–100)")
	fs.DurationVar(&o.drainTimeout, "drain-timeout", 3*time.Minute, "handoff: how long the agents may take to drain the queue after the burst")
	fs.DurationVar(&o.timerTimeout, "timer-timeout", time.Minute, "timers: the team's inactivity timeout for waiting chats (1m, the API's minimum, to 168h)")
}
