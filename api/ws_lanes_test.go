package api

import (
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// Frames of one chat are handled in order; a chat whose frame is stuck does
// not hold up another chat's frames.
func TestFrameLanesKeepChatOrderAndRunChatsSideBySide(t *testing.T) {
	slow, fast := uuid.New(), uuid.New()
	for laneOf(&fast) == laneOf(&slow) {
		fast = uuid.New()
	}
	release := make(chan struct{})
	var mu sync.Mutex
	seen := map[uuid.UUID][]string{}
	fastDone := make(chan struct{})
	lanes := newFrameLanes(func(f clientFrame) {
		if *f.ChatID == slow && f.Ref == "s0" {
			<-release // the slow chat's first frame waits for the fast chat
		}
		mu.Lock()
		seen[*f.ChatID] = append(seen[*f.ChatID], f.Ref)
		done := *f.ChatID == fast && len(seen[fast]) == 20
		mu.Unlock()
		if done {
			close(fastDone)
		}
	})
	for i := range 20 {
		lanes.push(clientFrame{ChatID: &slow, Ref: "s" + strconv.Itoa(i)})
		lanes.push(clientFrame{ChatID: &fast, Ref: "f" + strconv.Itoa(i)})
	}
	<-fastDone // all of the fast chat's frames ran while the slow chat was stuck
	close(release)
	lanes.close()

	want := func(prefix string) []string {
		out := make([]string, 20)
		for i := range out {
			out[i] = prefix + strconv.Itoa(i)
		}
		return out
	}
	require.Equal(t, want("s"), seen[slow], "in arrival order")
	require.Equal(t, want("f"), seen[fast], "in arrival order")
	require.Equal(t, 0, laneOf(nil), "frames without a chat share one lane")
}
