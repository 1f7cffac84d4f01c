package routing

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestPick(t *testing.T) {
	t.Parallel()
	a, b, c := uuid.MustParse("00000000-0000-0000-0000-00000000000a"), uuid.MustParse("00000000-0000-0000-0000-00000000000b"), uuid.MustParse("00000000-0000-0000-0000-00000000000c")
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	agents := func() []*candidate {
		return []*candidate{
			{id: a, active: 0, lastAssigned: now.Add(-time.Minute), available: true},
			{id: b, active: 1, lastAssigned: now.Add(-time.Hour), available: true},
			{id: c, active: 0, available: true}, // never assigned
		}
	}
	tests := []struct {
		name     string
		agents   func() []*candidate
		capacity int
		excluded []uuid.UUID
		previous uuid.UUID
		want     uuid.UUID // uuid.Nil = nobody
	}{
		{"never assigned goes first", agents, 3, nil, uuid.Nil, c},
		{"then the least recently assigned", func() []*candidate { l := agents(); return l[:2] }, 3, nil, uuid.Nil, b},
		{"full agents are skipped", func() []*candidate { l := agents(); l[2].active = 3; return l }, 3, nil, uuid.Nil, b},
		{"agents outside their hours are skipped", func() []*candidate { l := agents(); l[2].available = false; return l }, 3, nil, uuid.Nil, b},
		{"excluded agents are skipped while others are free", agents, 3, []uuid.UUID{c, b}, uuid.Nil, a},
		{"an excluded agent when nobody else is free", func() []*candidate { l := agents(); l[0].active, l[1].active = 1, 1; return l }, 1, []uuid.UUID{c}, uuid.Nil, c},
		{"the contact's previous agent when free", agents, 3, nil, a, a},
		{"not the previous agent when full", agents, 1, nil, b, c},
		{"not the previous agent when excluded", agents, 3, []uuid.UUID{a}, a, c},
		{"nobody free", func() []*candidate { l := agents(); l[0].active, l[1].active, l[2].active = 1, 1, 1; return l }, 1, nil, uuid.Nil, uuid.Nil},
		{"ties broken by id", func() []*candidate {
			return []*candidate{{id: b, available: true}, {id: a, available: true}}
		}, 3, nil, uuid.Nil, a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := pick(tt.agents(), tt.capacity, tt.excluded, tt.previous)
			if tt.want == uuid.Nil {
				require.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			require.Equal(t, tt.want, got.id)
		})
	}
}
