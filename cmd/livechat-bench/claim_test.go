package main

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRaceReleasesEveryRacerTogether(t *testing.T) {
	// Each racer waits for all the others to have started: it only
	// returns if they run at the same time.
	var started sync.WaitGroup
	started.Add(racers)
	var mu sync.Mutex
	var ran []int
	race(racers, func(k int) {
		started.Done()
		started.Wait()
		mu.Lock()
		ran = append(ran, k)
		mu.Unlock()
	})
	require.ElementsMatch(t, []int{0, 1, 2, 3, 4}, ran)
}

func TestWinnerCounts(t *testing.T) {
	ids := []string{"c1", "c2", "", "c4", "c5"}
	winners := [][]string{{"a"}, {"a", "b"}, nil, nil, {"c"}}
	m := winnerCounts(ids, winners)
	require.Equal(t, map[string]int{"0": 1, "1": 2, "2": 1}, m, "a chat that was never opened is not counted")
	require.Equal(t, []string{"0", "1", "2"}, winnerKeys(m))
	require.Equal(t, []string{"1", "2", "10"}, winnerKeys(map[string]int{"10": 1, "2": 1, "1": 1}))
}
