package api

import (
	"hash/fnv"
	"sync"

	"github.com/google/uuid"
)

// socketLanes is how many frames of one socket are handled at once: frames
// of different chats run side by side, so one slow store does not hold up an
// agent's other chats.
const socketLanes = 8

// laneDepth is how many frames may wait in one lane before the reader
// stops reading (back-pressure on the client).
const laneDepth = 32

// frameLanes runs a socket's frames on a fixed set of goroutines. Frames of
// the same chat (and all frames without one) always go to the same lane, so
// they are handled in the order they arrived.
type frameLanes struct {
	lanes []chan clientFrame
	wg    sync.WaitGroup
}

// newFrameLanes starts the lanes; handle runs each frame.
func newFrameLanes(handle func(clientFrame)) *frameLanes {
	l := &frameLanes{lanes: make([]chan clientFrame, socketLanes)}
	for i := range l.lanes {
		ch := make(chan clientFrame, laneDepth)
		l.lanes[i] = ch
		l.wg.Go(func() {
			for f := range ch {
				handle(f)
			}
		})
	}
	return l
}

// push queues a frame on its chat's lane.
func (l *frameLanes) push(f clientFrame) {
	l.lanes[laneOf(f.ChatID)] <- f
}

// close lets the lanes finish what they hold and waits for them.
func (l *frameLanes) close() {
	for _, ch := range l.lanes {
		close(ch)
	}
	l.wg.Wait()
}

// laneOf picks a chat's lane; frames without a chat use lane 0.
func laneOf(chatID *uuid.UUID) int {
	if chatID == nil {
		return 0
	}
	h := fnv.New32a()
	_, _ = h.Write(chatID[:])
	return int(h.Sum32() % socketLanes)
}
