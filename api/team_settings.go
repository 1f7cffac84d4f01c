package api

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"livechat/apperr"
	"livechat/store/db"
)

// teamPatch is a partial update of a team's settings: absent fields keep
// their value.
type teamPatch struct {
	Name                       *string `json:"name"`
	PermissionMode             *string `json:"permission_mode"`
	AutoAssignment             *string `json:"auto_assignment"`
	Capacity                   *int32  `json:"capacity"`
	OfferEnabled               *bool   `json:"offer_enabled"`
	OfferTimeoutSeconds        *int32  `json:"offer_timeout_seconds"`
	UnresponsiveStrategy       *string `json:"unresponsive_strategy"`
	UnresponsiveTimeoutSeconds *int32  `json:"unresponsive_timeout_seconds"`
	UnresponsiveMessage        *string `json:"unresponsive_message"`
	AssignedMessage            *string `json:"assigned_message"`
	AfterHoursMessage          *string `json:"after_hours_message"`
	TransferTimeoutSeconds     *int32  `json:"transfer_timeout_seconds"`
	InactivityAssignedSeconds  *int32  `json:"inactivity_assigned_seconds"`
	InactivityWaitingSeconds   *int32  `json:"inactivity_waiting_seconds"`
	ClosingMessage             *string `json:"closing_message"`
	WaitingAlertSeconds        *int32  `json:"waiting_alert_seconds"`
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// apply returns the team's full settings with the patch applied.
func (p teamPatch) apply(t db.Team) db.UpdateTeamParams {
	u := db.UpdateTeamParams{
		OrgID: t.OrgID, ID: t.ID, Name: t.Name, PermissionMode: t.PermissionMode, AutoAssignment: t.AutoAssignment,
		Capacity: t.Capacity, OfferEnabled: t.OfferEnabled, OfferTimeoutSeconds: t.OfferTimeoutSeconds,
		UnresponsiveStrategy: t.UnresponsiveStrategy, UnresponsiveTimeoutSeconds: t.UnresponsiveTimeoutSeconds,
		UnresponsiveMessage: t.UnresponsiveMessage, AssignedMessage: t.AssignedMessage,
		AfterHoursMessage: t.AfterHoursMessage, TransferTimeoutSeconds: t.TransferTimeoutSeconds,
		InactivityAssignedSeconds: t.InactivityAssignedSeconds, InactivityWaitingSeconds: t.InactivityWaitingSeconds,
		ClosingMessage: t.ClosingMessage, WaitingAlertSeconds: t.WaitingAlertSeconds,
	}
	set(&u.Name, p.Name)
	u.Name = strings.TrimSpace(u.Name)
	set(&u.PermissionMode, p.PermissionMode)
	set(&u.AutoAssignment, p.AutoAssignment)
	set(&u.Capacity, p.Capacity)
	set(&u.OfferEnabled, p.OfferEnabled)
	set(&u.OfferTimeoutSeconds, p.OfferTimeoutSeconds)
	set(&u.UnresponsiveStrategy, p.UnresponsiveStrategy)
	set(&u.UnresponsiveTimeoutSeconds, p.UnresponsiveTimeoutSeconds)
	set(&u.UnresponsiveMessage, p.UnresponsiveMessage)
	set(&u.AssignedMessage, p.AssignedMessage)
	set(&u.AfterHoursMessage, p.AfterHoursMessage)
	set(&u.TransferTimeoutSeconds, p.TransferTimeoutSeconds)
	set(&u.InactivityAssignedSeconds, p.InactivityAssignedSeconds)
	set(&u.InactivityWaitingSeconds, p.InactivityWaitingSeconds)
	set(&u.ClosingMessage, p.ClosingMessage)
	set(&u.WaitingAlertSeconds, p.WaitingAlertSeconds)
	return u
}

// maxTeamMessage bounds the configurable messages sent to contacts.
const maxTeamMessage = 2000

func checkTeamName(name string) string {
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "required, at most 100 characters"
	}
	return ""
}

// validateTeam checks every setting against the same rules as the schema, so
// a bad value is a 400 naming the field, never a constraint error.
func validateTeam(u db.UpdateTeamParams) error {
	f := map[string]string{}
	if msg := checkTeamName(u.Name); msg != "" {
		f["name"] = msg
	}
	oneOf(f, "permission_mode", u.PermissionMode, "collaborative", "self_service", "restrictive")
	oneOf(f, "auto_assignment", u.AutoAssignment, "none", "round_robin", "round_robin_by_contact")
	oneOf(f, "unresponsive_strategy", u.UnresponsiveStrategy, "none", "reassign", "prompt")
	between(f, "capacity", u.Capacity, 1, 100)
	between(f, "offer_timeout_seconds", u.OfferTimeoutSeconds, 5, 3600)
	between(f, "unresponsive_timeout_seconds", u.UnresponsiveTimeoutSeconds, 10, 86400)
	between(f, "transfer_timeout_seconds", u.TransferTimeoutSeconds, 10, 3600)
	between(f, "inactivity_assigned_seconds", u.InactivityAssignedSeconds, 60, 604800)
	between(f, "inactivity_waiting_seconds", u.InactivityWaitingSeconds, 60, 604800)
	between(f, "waiting_alert_seconds", u.WaitingAlertSeconds, 0, 86400)
	for name, msg := range map[string]string{
		"unresponsive_message": u.UnresponsiveMessage, "assigned_message": u.AssignedMessage,
		"after_hours_message": u.AfterHoursMessage, "closing_message": u.ClosingMessage,
	} {
		if utf8.RuneCountInString(msg) > maxTeamMessage {
			f[name] = fmt.Sprintf("at most %d characters", maxTeamMessage)
		}
	}
	if len(f) > 0 {
		return apperr.Validation(f)
	}
	return nil
}

func oneOf(f map[string]string, name, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	f[name] = fmt.Sprintf("one of %v", allowed)
}

func between(f map[string]string, name string, v, lo, hi int32) {
	if v < lo || v > hi {
		f[name] = fmt.Sprintf("between %d and %d", lo, hi)
	}
}
