package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"livechat/routing"
	"livechat/schedule"
	"livechat/store"
	"livechat/store/db"
)

// TeamSettings is the snapshot of a team's routing settings a chat workflow
// works with.
type TeamSettings struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	PermissionMode       string        `json:"permission_mode"`
	AutoAssignment       string        `json:"auto_assignment"`
	Capacity             int           `json:"capacity"`
	OfferEnabled         bool          `json:"offer_enabled"`
	OfferTimeout         time.Duration `json:"offer_timeout"`
	UnresponsiveStrategy string        `json:"unresponsive_strategy"`
	UnresponsiveTimeout  time.Duration `json:"unresponsive_timeout"`
	UnresponsiveMessage  string        `json:"unresponsive_message"`
	AssignedMessage      string        `json:"assigned_message"`
	AfterHoursMessage    string        `json:"after_hours_message"`
	ClosingMessage       string        `json:"closing_message"`
	TransferTimeout      time.Duration `json:"transfer_timeout"`
	InactivityAssigned   time.Duration `json:"inactivity_assigned"`
	InactivityWaiting    time.Duration `json:"inactivity_waiting"`
	// WaitingAlert is how long a chat may wait before supervisors hear of
	// it; zero = never.
	WaitingAlert time.Duration      `json:"waiting_alert,omitempty"`
	Schedule     *schedule.Schedule `json:"schedule,omitempty"`
}

// LoadTeam reads a team's settings and availability schedule.
func (a *Activities) LoadTeam(ctx context.Context, orgID, teamID string) (TeamSettings, error) {
	org, err := mustID(orgID)
	if err != nil {
		return TeamSettings{}, err
	}
	team, err := mustID(teamID)
	if err != nil {
		return TeamSettings{}, err
	}
	t, err := a.Store.GetTeam(ctx, db.GetTeamParams{OrgID: org, ID: team})
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return TeamSettings{}, temporal.NewNonRetryableApplicationError("team not found", "NotFound", err)
		}
		return TeamSettings{}, fmt.Errorf("activities: load team: %w", err)
	}
	out := TeamSettings{
		ID: t.ID.String(), Name: t.Name, PermissionMode: t.PermissionMode, AutoAssignment: t.AutoAssignment,
		Capacity: int(t.Capacity), OfferEnabled: t.OfferEnabled, OfferTimeout: seconds(t.OfferTimeoutSeconds),
		UnresponsiveStrategy: t.UnresponsiveStrategy, UnresponsiveTimeout: seconds(t.UnresponsiveTimeoutSeconds),
		UnresponsiveMessage: t.UnresponsiveMessage, AssignedMessage: t.AssignedMessage,
		AfterHoursMessage: t.AfterHoursMessage, ClosingMessage: t.ClosingMessage,
		TransferTimeout:    seconds(t.TransferTimeoutSeconds),
		InactivityAssigned: seconds(t.InactivityAssignedSeconds), InactivityWaiting: seconds(t.InactivityWaitingSeconds),
		WaitingAlert: seconds(t.WaitingAlertSeconds),
	}
	if t.ScheduleID != nil {
		schedules, err := routing.LoadSchedules(ctx, a.Store.Queries, []uuid.UUID{*t.ScheduleID})
		if err != nil {
			return TeamSettings{}, err
		}
		out.Schedule = schedules[*t.ScheduleID]
	}
	return out, nil
}

func seconds(n int32) time.Duration { return time.Duration(n) * time.Second }

func mustID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, temporal.NewNonRetryableApplicationError("bad id "+s, "InvalidInput", err)
	}
	return id, nil
}

func optionalUUID(s string) *uuid.UUID {
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return nil
	}
	return &id
}

// dedupeKey identifies this activity invocation across its retries, so an
// event or system message written by an attempt whose completion was lost is
// not written again.
func dedupeKey(ctx context.Context, suffix string) string {
	info := activity.GetInfo(ctx)
	return info.WorkflowExecution.RunID + "/" + info.ActivityID + "/" + suffix
}

// event is one chat event to record.
type event struct {
	Type    string
	ActorID string
	Payload map[string]any
}

func recordEvent(ctx context.Context, q *db.Queries, chat db.Chat, e event) error {
	payload := e.Payload
	if payload == nil {
		payload = map[string]any{}
	}
	payload["status"] = chat.Status
	payload["team_id"] = chat.TeamID
	if chat.AssigneeID != nil {
		payload["assignee_id"] = chat.AssigneeID.String()
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("activities: event payload: %w", err)
	}
	key := dedupeKey(ctx, e.Type)
	err = q.InsertChatEvent(ctx, db.InsertChatEventParams{
		OrgID: chat.OrgID, ChatID: chat.ID, Type: e.Type, ActorID: optionalUUID(e.ActorID), Payload: raw, DedupeKey: &key,
	})
	if err != nil {
		return fmt.Errorf("activities: record %s: %w", e.Type, err)
	}
	return nil
}

// postSystemMessage stores a system message to the contact (assigned,
// after-hours, prompt, closing) once per activity invocation.
func postSystemMessage(ctx context.Context, q *db.Queries, chat db.Chat, body, purpose string) error {
	if body == "" {
		return nil
	}
	key := "system:" + dedupeKey(ctx, purpose)
	_, err := q.InsertMessage(ctx, db.InsertMessageParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: chat.OrgID, ChatID: chat.ID, Kind: "system", SenderKind: "system",
		Body: body, IdempotencyKey: &key,
	})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("activities: system message: %w", err)
	}
	return nil
}
