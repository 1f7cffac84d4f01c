package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"livechat/activities"
)

// Continue-as-new thresholds, well below Temporal's limits (2,000 updates,
// 10,000 signals, 50K events per run).
const (
	maxUpdatesPerRun = 1000
	maxSignalsPerRun = 5000
	maxEventsPerRun  = 20000
)

// ChatInput starts a chat workflow; State is set when it continues as new.
type ChatInput struct {
	ChatID    string     `json:"chat_id"`
	OrgID     string     `json:"org_id"`
	TeamID    string     `json:"team_id"`
	ContactID string     `json:"contact_id"`
	State     *ChatState `json:"state,omitempty"`
}

// Chat is the workflow of one live chat: it owns the chat's lifecycle
// (waiting → offered → assigned ⇄ transferring → ended) and its timers
// (inactivity, unresponsive agent, offer, transfer, after hours). Changes
// arrive as validated Updates; messages and dispatcher decisions as Signals.
func Chat(ctx workflow.Context, in ChatInput) (ChatView, error) {
	w := &chatWorkflow{mu: workflow.NewMutex(ctx)}
	if err := w.setup(ctx, in); err != nil {
		return ChatView{}, err
	}
	return w.run(ctx, in)
}

// chatWorkflow is the running chat: its state plus the bookkeeping of this run.
type chatWorkflow struct {
	s ChatState
	// mu serialises handlers and the main loop around activities.
	mu workflow.Mutex
	// ready is set once the chat has entered its queue (or been restored).
	ready bool
	// version changes whenever the main loop should look again.
	version int
	// inbox holds signals that need activities, for the main loop.
	assignments []activities.AssignmentSignal
	dispatches  int
	teamChanged bool
	updates     int
	signals     int
	// published is what the search attributes hold, when known in this run.
	published *searchValues
}

func (w *chatWorkflow) changed() { w.version++ }

func (w *chatWorkflow) setup(ctx workflow.Context, in ChatInput) error {
	if in.State != nil {
		w.s = *in.State
	} else {
		w.s = ChatState{ChatID: in.ChatID, OrgID: in.OrgID, TeamID: in.TeamID, ContactID: in.ContactID, Status: StatusWaiting}
		w.s.Lean = workflow.GetVersion(ctx, versionLean, workflow.DefaultVersion, 1) == 1
		// Lean chats came after the queue notices: one version marker (and
		// search attribute upsert) instead of two.
		w.s.QueueNotices = w.s.Lean || workflow.GetVersion(ctx, versionQueueNotices, workflow.DefaultVersion, 1) == 1
		if w.s.Lean {
			// What the API started the workflow with (chats.startWorkflow).
			w.published = &searchValues{Status: StatusWaiting, OrgID: in.OrgID, TeamID: in.TeamID, ContactID: in.ContactID, AssigneeSet: false}
		}
	}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (ChatView, error) { return w.s.view(), nil }); err != nil {
		return err
	}
	if err := w.registerUpdates(ctx); err != nil {
		return err
	}
	w.listen(ctx)
	return nil
}

// listen receives signals in a coroutine of its own. Messages only touch
// timers; assignments and dispatch requests go to the main loop, which runs
// the activities they need.
func (w *chatWorkflow) listen(ctx workflow.Context) {
	messages := workflow.GetSignalChannel(ctx, SignalMessage)
	assignments := workflow.GetSignalChannel(ctx, SignalAssignment)
	dispatches := workflow.GetSignalChannel(ctx, SignalDispatch)
	teamChanges := workflow.GetSignalChannel(ctx, SignalTeamChanged)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			sel := workflow.NewSelector(ctx)
			sel.AddReceive(messages, func(c workflow.ReceiveChannel, _ bool) {
				var m MessageSignal
				c.Receive(ctx, &m)
				w.onMessage(ctx, m)
			})
			sel.AddReceive(assignments, func(c workflow.ReceiveChannel, _ bool) {
				var a activities.AssignmentSignal
				c.Receive(ctx, &a)
				w.signals++
				w.assignments = append(w.assignments, a)
				w.changed()
			})
			sel.AddReceive(dispatches, func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(ctx, nil)
				w.signals++
				w.dispatches++
				w.changed()
			})
			sel.AddReceive(teamChanges, func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(ctx, nil)
				w.signals++
				w.teamChanged = true
				w.changed()
			})
			sel.Select(ctx)
		}
	})
}

// onMessage resets the inactivity timer and notes the assignee's response.
func (w *chatWorkflow) onMessage(ctx workflow.Context, m MessageSignal) {
	w.signals++
	if w.s.Status == StatusEnded {
		return
	}
	w.s.LastActivityAt = workflow.Now(ctx)
	if m.SenderKind == "agent" && m.SenderID != "" && m.SenderID == w.s.AssigneeID {
		w.s.Responded = true
		w.s.PromptPending = false
	}
	w.changed()
}

func (w *chatWorkflow) run(ctx workflow.Context, in ChatInput) (ChatView, error) {
	ctx = withActivityOptions(ctx)
	if in.State == nil {
		if err := w.start(ctx); err != nil {
			return ChatView{}, err
		}
	}
	w.ready = true
	w.changed()
	for {
		seen := w.version
		if err := w.step(ctx); err != nil {
			return ChatView{}, err
		}
		if w.s.Status == StatusEnded || w.shouldContinueAsNew(ctx) {
			break
		}
		if w.version != seen {
			continue // signals or updates came in while the step ran its activities
		}
		if next := w.s.nextDeadline(); next.IsZero() {
			if err := workflow.Await(ctx, func() bool { return w.version != seen }); err != nil {
				return ChatView{}, err
			}
		} else if wait := next.Sub(workflow.Now(ctx)); wait > 0 {
			if _, err := workflow.AwaitWithTimeout(ctx, wait, func() bool { return w.version != seen }); err != nil {
				return ChatView{}, err
			}
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return ChatView{}, err
	}
	if w.s.Status == StatusEnded {
		return w.s.view(), nil
	}
	w.drainSignals(ctx)
	return ChatView{}, workflow.NewContinueAsNewError(ctx, ChatWorkflowName, ChatInput{
		ChatID: w.s.ChatID, OrgID: w.s.OrgID, TeamID: w.s.TeamID, ContactID: w.s.ContactID, State: &w.s,
	})
}

// step handles, under the mutex, the signals waiting in the inbox and the
// deadlines that are due.
func (w *chatWorkflow) step(ctx workflow.Context) error {
	if err := w.mu.Lock(ctx); err != nil {
		return err
	}
	defer w.mu.Unlock()
	for len(w.assignments) > 0 && w.s.Status != StatusEnded {
		a := w.assignments[0]
		w.assignments = w.assignments[1:]
		if err := w.applyAssignment(ctx, a); err != nil {
			return err
		}
	}
	if w.teamChanged && w.s.Status != StatusEnded {
		w.teamChanged = false
		if err := w.reloadTeam(ctx); err != nil {
			return err
		}
	}
	if w.dispatches > 0 && w.s.Status == StatusWaiting {
		w.dispatches = 0
		if err := w.dispatch(ctx); err != nil {
			return err
		}
	}
	now := workflow.Now(ctx)
	for _, d := range w.s.deadlines() {
		if d.at.After(now) || w.s.Status == StatusEnded {
			continue
		}
		if err := w.onDeadline(ctx, d.kind); err != nil {
			return err
		}
	}
	return nil
}

// shouldContinueAsNew keeps each run far from Temporal's history limits.
func (w *chatWorkflow) shouldContinueAsNew(ctx workflow.Context) bool {
	return w.updates >= maxUpdatesPerRun || w.signals >= maxSignalsPerRun ||
		workflow.GetInfo(ctx).GetCurrentHistoryLength() >= maxEventsPerRun
}

// drainSignals moves signals that arrived but were not received yet into the
// state, so none is lost across continue-as-new. Pending assignments are
// re-delivered by the dispatcher (they stay pending in PostgreSQL).
func (w *chatWorkflow) drainSignals(ctx workflow.Context) {
	messages := workflow.GetSignalChannel(ctx, SignalMessage)
	for {
		var m MessageSignal
		if !messages.ReceiveAsync(&m) {
			break
		}
		w.onMessage(ctx, m)
	}
	for {
		var as activities.AssignmentSignal
		if !workflow.GetSignalChannel(ctx, SignalAssignment).ReceiveAsync(&as) {
			break
		}
		w.assignments = append(w.assignments, as)
	}
	for workflow.GetSignalChannel(ctx, SignalDispatch).ReceiveAsync(nil) {
		w.dispatches++
	}
	for workflow.GetSignalChannel(ctx, SignalTeamChanged).ReceiveAsync(nil) {
		w.teamChanged = true
	}
	if len(w.assignments) > 0 || w.dispatches > 0 || w.teamChanged {
		// Ask the next run to dispatch again, which re-delivers them.
		w.s.RecheckAt = workflow.Now(ctx)
	}
}

// local runs one of the chat's short PostgreSQL activities as a local
// activity: in the worker, recorded in the history as a marker, with no
// round trip through the Temporal server. Chats react in milliseconds.
func local(ctx workflow.Context, activity any, args ...any) workflow.Future {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    100 * time.Millisecond,
			BackoffCoefficient: 2,
			MaximumInterval:    30 * time.Second,
		},
	})
	return workflow.ExecuteLocalActivity(ctx, activity, args...)
}

func withActivityOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    200 * time.Millisecond,
			BackoffCoefficient: 2,
			MaximumInterval:    time.Minute,
		},
	})
}

// acts names the activities for ExecuteActivity (methods of a nil pointer).
var acts *activities.Activities
