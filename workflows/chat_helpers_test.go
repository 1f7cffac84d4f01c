package workflows

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"livechat/activities"
)

// Shared fixtures of the chat workflow tests: a fake "desk" that mocks every
// activity of the workflow, models the dispatcher with a plan of decisions
// and records each call with the workflow time it was made at.

const (
	testOrg     = "o1"
	testTeam    = "t1"
	testChat    = "c1"
	testContact = "k1"
	agentA      = "a1"
	agentB      = "b1"
	agentC      = "c9"
)

// testStart is a Monday, 10:00 UTC: a plain working day far from any DST change.
var testStart = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// baseTeam is a collaborative team with the default timers and no schedule.
func baseTeam() activities.TeamSettings {
	return activities.TeamSettings{
		ID: testTeam, Name: "Support", PermissionMode: ModeCollaborative, AutoAssignment: "round_robin", Capacity: 3,
		OfferTimeout: 30 * time.Second, UnresponsiveStrategy: "none", UnresponsiveTimeout: 5 * time.Minute,
		UnresponsiveMessage: "Your agent seems busy: keep waiting or take another agent?",
		AssignedMessage:     "An agent joined the chat.", AfterHoursMessage: "We are closed; we answer when we open.",
		ClosingMessage: "This chat was closed for inactivity.", TransferTimeout: 2 * time.Minute,
		InactivityAssigned: time.Hour, InactivityWaiting: 6 * time.Hour,
	}
}

// Actors.
func agent(id string) Actor {
	return Actor{Kind: ActorMember, UserID: id, Role: "agent", TeamID: testTeam, InTeam: true}
}
func supervisor() Actor {
	return Actor{Kind: ActorMember, UserID: "s1", Role: "supervisor", TeamID: testTeam, InTeam: true}
}
func botActor() Actor     { return Actor{Kind: ActorBot, UserID: "key1"} }
func contactActor() Actor { return Actor{Kind: ActorContact, UserID: testContact} }

// call is one recorded activity call and the workflow time it was made at.
type call[T any] struct {
	In T
	At time.Time
}

// desk is a chat workflow under test with its faked surroundings.
type desk struct {
	t     *testing.T
	env   *testsuite.TestWorkflowEnvironment
	start time.Time
	teams map[string]activities.TeamSettings

	// plan holds the dispatcher's decisions for this chat, one per dispatch
	// of a team (TeamIDs set): an empty AgentID means nobody is free. Once
	// the plan is used up nobody is free.
	plan []activities.AssignmentSignal
	// signalOwn makes Dispatch signal this chat's own assignment, as it
	// does for other chats, instead of returning it.
	signalOwn bool
	// enterQueue, when set, answers EnterQueue (default: nil).
	enterQueue func(activities.QueueInput) error
	// takeChat, when set, answers TakeChat (default: taken).
	takeChat func(activities.TakeInput) (activities.TakeResult, error)
	// stored are messages in PostgreSQL the workflow was not signalled of,
	// which MessageActivity reports (stored with d.store).
	stored []storedMessage

	mu        sync.Mutex
	loads     []call[string]
	queues    []call[activities.QueueInput]
	dispatchs []call[activities.DispatchInput]
	applies   []call[activities.ApplyAssignmentInput]
	takes     []call[activities.TakeInput]
	transfers []call[activities.TransferStateInput]
	ends      []call[activities.EndInput]
	notices   []call[activities.NoticeInput]
	systems   []call[activities.SystemMessageInput]
	reads     []call[activities.MessageActivityInput]
}

// storedMessage is a message PostMessage stored without signalling.
type storedMessage struct {
	at       time.Time
	senderID string // an agent's id; empty for the contact
}

// store records, at the workflow's current time, a message the workflow is
// not signalled of (PostMessage signals only what it must act on at once).
func (d *desk) store(senderID string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stored = append(d.stored, storedMessage{at: d.env.Now(), senderID: senderID})
}

// newDesk builds the test environment for a chat in the first team; the
// other teams can be loaded by a transfer.
func newDesk(t *testing.T, teams ...activities.TeamSettings) *desk {
	t.Helper()
	require.NotEmpty(t, teams)
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	d := &desk{t: t, env: suite.NewTestWorkflowEnvironment(), start: testStart, teams: map[string]activities.TeamSettings{}}
	for _, team := range teams {
		d.teams[team.ID] = team
	}
	d.env.SetStartTime(d.start)
	d.env.RegisterActivity(&activities.Activities{})
	d.mockActivities()
	return d
}

// startAt moves the workflow's start (before run).
func (d *desk) startAt(at time.Time) {
	d.start = at
	d.env.SetStartTime(at)
}

func record[T any](d *desk, list *[]call[T], in T) {
	d.mu.Lock()
	defer d.mu.Unlock()
	*list = append(*list, call[T]{In: in, At: d.env.Now()})
}

// calls returns a copy of a record list, taken under the lock.
func calls[T any](d *desk, list *[]call[T]) []call[T] {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(*list)
}

func (d *desk) mockActivities() {
	env := d.env
	env.OnActivity(acts.LoadTeam, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_ context.Context, org, team string) (activities.TeamSettings, error) {
			require.Equal(d.t, testOrg, org)
			record(d, &d.loads, team)
			settings, ok := d.teams[team]
			require.True(d.t, ok, "unknown team %s", team)
			return settings, nil
		})
	env.OnActivity(acts.EnterQueue, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.QueueInput) error {
			record(d, &d.queues, in)
			if d.enterQueue != nil {
				return d.enterQueue(in)
			}
			return nil
		})
	env.OnActivity(acts.Dispatch, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.DispatchInput) (activities.DispatchResult, error) {
			record(d, &d.dispatchs, in)
			if len(in.TeamIDs) == 0 {
				return activities.DispatchResult{}, nil
			}
			d.mu.Lock()
			var next activities.AssignmentSignal
			if len(d.plan) > 0 {
				next, d.plan = d.plan[0], d.plan[1:]
			}
			d.mu.Unlock()
			if next.AgentID == "" {
				return activities.DispatchResult{}, nil
			}
			if in.CallerChatID == testChat && !d.signalOwn {
				// As the real dispatcher: the caller's own assignment comes
				// back in the result.
				return activities.DispatchResult{Own: &next}, nil
			}
			env.SignalWorkflow(SignalAssignment, next)
			return activities.DispatchResult{}, nil
		})
	env.OnActivity(acts.ApplyAssignment, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ApplyAssignmentInput) (bool, error) {
			record(d, &d.applies, in)
			return true, nil
		})
	env.OnActivity(acts.TakeChat, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.TakeInput) (activities.TakeResult, error) {
			record(d, &d.takes, in)
			if d.takeChat != nil {
				return d.takeChat(in)
			}
			return activities.TakeResult{Taken: true, HolderID: in.AgentID, Status: StatusAssigned}, nil
		})
	env.OnActivity(acts.SetTransfer, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.TransferStateInput) error {
			record(d, &d.transfers, in)
			return nil
		})
	env.OnActivity(acts.EndChat, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.EndInput) error {
			record(d, &d.ends, in)
			return nil
		})
	env.OnActivity(acts.NotifyAgent, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.NoticeInput) error {
			record(d, &d.notices, in)
			return nil
		})
	env.OnActivity(acts.MessageActivity, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.MessageActivityInput) (activities.MessageActivity, error) {
			record(d, &d.reads, in)
			d.mu.Lock()
			defer d.mu.Unlock()
			var out activities.MessageActivity
			for _, m := range d.stored {
				at := m.at
				if out.LastMessageAt == nil || at.After(*out.LastMessageAt) {
					out.LastMessageAt = &at
				}
				if m.senderID != "" && m.senderID == in.AssigneeID && !at.Before(in.Since) {
					out.AssigneeWrote = true
				}
			}
			return out, nil
		})
	env.OnActivity(acts.PostSystemMessage, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SystemMessageInput) error {
			record(d, &d.systems, in)
			return nil
		})
}

// assignTo makes the dispatcher give the chat to these agents, one per team
// dispatch ("" = nobody free at that dispatch).
func (d *desk) assignTo(agents ...string) {
	for _, a := range agents {
		d.plan = append(d.plan, activities.AssignmentSignal{AgentID: a})
	}
}

// offerTo makes the next team dispatch offer the chat to the agent.
func (d *desk) offerTo(agentID string) {
	d.plan = append(d.plan, activities.AssignmentSignal{AgentID: agentID, Offered: true})
}

// run executes the chat workflow until it completes (time skipping).
func (d *desk) run() {
	d.t.Helper()
	d.env.ExecuteWorkflow(Chat, ChatInput{ChatID: testChat, OrgID: testOrg, TeamID: testTeam, ContactID: testContact})
	require.True(d.t, d.env.IsWorkflowCompleted(), "the workflow did not complete")
}

// result is the completed workflow's view.
func (d *desk) result() ChatView {
	d.t.Helper()
	require.NoError(d.t, d.env.GetWorkflowError())
	var v ChatView
	require.NoError(d.t, d.env.GetWorkflowResult(&v))
	return v
}

// at runs fn at the given workflow time after the start.
func (d *desk) at(after time.Duration, fn func()) { d.env.RegisterDelayedCallback(fn, after) }

// signalAt sends a signal at the given time after the start.
func (d *desk) signalAt(after time.Duration, name string, arg any) {
	d.at(after, func() { d.env.SignalWorkflow(name, arg) })
}

// messageAt signals a stored message at the given time after the start.
func (d *desk) messageAt(after time.Duration, senderKind, senderID string) {
	d.at(after, func() {
		d.env.SignalWorkflow(SignalMessage, MessageSignal{MessageID: "m" + after.String(), SenderKind: senderKind, SenderID: senderID, At: d.env.Now()})
	})
}

// storeAt stores a message without a signal at the given time after the
// start (senderID: an agent, or "" for the contact).
func (d *desk) storeAt(after time.Duration, senderID string) {
	d.at(after, func() { d.store(senderID) })
}

// outcome is what happened to one update.
type outcome struct {
	Accepted  bool
	Rejected  error
	Completed bool
	Result    ChatView
	Err       error
}

// update sends an update now (call it inside a callback) and records its outcome.
func (d *desk) update(name string, arg any) *outcome {
	o := &outcome{}
	d.sendUpdate(o, name, arg)
	return o
}

// updateAt sends an update at the given time after the start.
func (d *desk) updateAt(after time.Duration, name string, arg any) *outcome {
	o := &outcome{}
	d.at(after, func() { d.sendUpdate(o, name, arg) })
	return o
}

func (d *desk) sendUpdate(o *outcome, name string, arg any) {
	d.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
		OnAccept: func() { o.Accepted = true },
		OnReject: func(err error) { o.Rejected = err },
		OnComplete: func(res any, err error) {
			o.Completed, o.Err = true, err
			if v, ok := res.(ChatView); ok {
				o.Result = v
			}
		},
	}, arg)
}

// state queries the chat's view now (call it inside a callback).
func (d *desk) state() ChatView {
	d.t.Helper()
	val, err := d.env.QueryWorkflow(QueryState)
	require.NoError(d.t, err)
	var v ChatView
	require.NoError(d.t, val.Get(&v))
	return v
}

// stateAt queries the view at the given time after the start.
func (d *desk) stateAt(after time.Duration) *ChatView {
	v := &ChatView{}
	d.at(after, func() { *v = d.state() })
	return v
}

// since is the workflow time of t, measured from the start.
func (d *desk) since(t time.Time) time.Duration { return t.Sub(d.start) }

// errType is the type of the application error in err's chain ("" if none).
func errType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return ""
}

// requireDone asserts the update was accepted and completed without error.
func requireDone(t *testing.T, o *outcome) {
	t.Helper()
	require.NoError(t, o.Rejected)
	require.True(t, o.Accepted, "the update was not accepted")
	require.True(t, o.Completed, "the update did not complete")
	require.NoError(t, o.Err)
}

// requireRejected asserts the validator rejected the update with an
// application error of the given type.
func requireRejected(t *testing.T, o *outcome, typ string) {
	t.Helper()
	require.Error(t, o.Rejected, "the update was not rejected")
	require.False(t, o.Accepted, "a rejected update must not be accepted")
	require.Equal(t, typ, errType(o.Rejected), "rejection: %v", o.Rejected)
}

// requireConflict asserts the update was rejected by its validator or failed
// in its handler, with a conflict.
func requireConflict(t *testing.T, o *outcome) {
	t.Helper()
	err := o.Rejected
	if err == nil {
		require.True(t, o.Completed, "the update neither failed nor was rejected")
		err = o.Err
	}
	require.Error(t, err)
	require.Equal(t, ErrTypeConflict, errType(err), "error: %v", err)
}

// teamDispatches are the dispatches of a team queue (not of a freed agent).
func (d *desk) teamDispatches() []call[activities.DispatchInput] {
	var out []call[activities.DispatchInput]
	for _, c := range calls(d, &d.dispatchs) {
		if len(c.In.TeamIDs) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// freed lists the agents whose freed capacity was dispatched, in order.
func (d *desk) freed() []string {
	var out []string
	for _, c := range calls(d, &d.dispatchs) {
		if c.In.FreedAgentID != "" {
			out = append(out, c.In.FreedAgentID)
		}
	}
	return out
}

// noticesOf lists the notices of a kind.
func (d *desk) noticesOf(kind string) []call[activities.NoticeInput] {
	var out []call[activities.NoticeInput]
	for _, c := range calls(d, &d.notices) {
		if c.In.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// queueEvents lists the event types of EnterQueue calls, in order.
func (d *desk) queueEvents() []string {
	var out []string
	for _, c := range calls(d, &d.queues) {
		out = append(out, c.In.EventType)
	}
	return out
}

// onlyEnd returns the one EndChat call.
func (d *desk) onlyEnd() call[activities.EndInput] {
	d.t.Helper()
	ends := calls(d, &d.ends)
	require.Len(d.t, ends, 1)
	return ends[0]
}
