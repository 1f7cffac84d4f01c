package workflows

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"livechat/activities"
)

// matrixActions is the column order of the expectations below.
var matrixActions = []string{ActionClaim, ActionAssign, ActionEnd, ActionTransfer, ActionTransferToTeam,
	ActionPost, ActionView, ActionAnswerPrompt, ActionHandBack}

// matrixActors are the callers of the matrix, for a chat of team t1 assigned
// to agentA. Owners and admins are not team members: their role suffices.
var matrixActors = map[string]Actor{
	"owner":      {Kind: ActorMember, UserID: "u-owner", Role: "owner"},
	"admin":      {Kind: ActorMember, UserID: "u-admin", Role: "admin"},
	"supervisor": {Kind: ActorMember, UserID: "u-super", Role: "supervisor", TeamID: testTeam},
	"assignee":   agent(agentA),
	"teammate":   agent(agentB),
	"outsider":   {Kind: ActorMember, UserID: agentC, Role: "agent", TeamID: testTeam, InTeam: false},
	"bot":        botActor(),
	"contact":    contactActor(),
}

// TestAuthorizeMatrix is the permission rule book written out: for each
// mode and caller, Y (allowed) or N (denied) per action, in the order
//
//	claim assign end transfer transfer_to_team post view answer_prompt hand_back
//
// "claim" only asks whether the caller may claim at all: whether the chat is
// still free is the workflow's state check (a 409 naming the holder).
func TestAuthorizeMatrix(t *testing.T) {
	assigned := []struct{ mode, actor, want string }{
		// Collaborative: every team agent sees every chat, claims, re-assigns freely.
		{ModeCollaborative, "owner", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "admin", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "assignee", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "teammate", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "outsider", "N N N N N N N N N"},
		{ModeCollaborative, "bot", "N Y Y N Y Y Y Y Y"},
		{ModeCollaborative, "contact", "N N Y N N Y Y Y N"},
		// Self service: a claimed chat is the assignee's; others neither see
		// nor post in it, and only supervisors re-assign.
		{ModeSelfService, "owner", "Y Y Y Y Y Y Y N N"},
		{ModeSelfService, "admin", "Y Y Y Y Y Y Y N N"},
		{ModeSelfService, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeSelfService, "assignee", "Y N Y Y Y Y Y N N"},
		{ModeSelfService, "teammate", "Y N N N N N N N N"},
		{ModeSelfService, "outsider", "N N N N N N N N N"},
		{ModeSelfService, "bot", "N Y Y N Y Y Y Y Y"},
		{ModeSelfService, "contact", "N N Y N N Y Y Y N"},
		// Restrictive: only auto-assignment, supervisors or bots assign;
		// agents see and act on their own chats only.
		{ModeRestrictive, "owner", "Y Y Y Y Y Y Y N N"},
		{ModeRestrictive, "admin", "Y Y Y Y Y Y Y N N"},
		{ModeRestrictive, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeRestrictive, "assignee", "N N Y Y Y Y Y N N"},
		{ModeRestrictive, "teammate", "N N N N N N N N N"},
		{ModeRestrictive, "outsider", "N N N N N N N N N"},
		{ModeRestrictive, "bot", "N Y Y N Y Y Y Y Y"},
		{ModeRestrictive, "contact", "N N Y N N Y Y Y N"},
	}
	// The same callers on a waiting chat (no assignee).
	unassigned := []struct{ mode, actor, want string }{
		{ModeCollaborative, "teammate", "Y Y Y Y Y Y Y N N"},
		{ModeCollaborative, "outsider", "N N N N N N N N N"},
		{ModeCollaborative, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeSelfService, "teammate", "Y N N N N N Y N N"},
		{ModeSelfService, "outsider", "N N N N N N N N N"},
		{ModeSelfService, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeRestrictive, "teammate", "N N N N N N N N N"},
		{ModeRestrictive, "outsider", "N N N N N N N N N"},
		{ModeRestrictive, "supervisor", "Y Y Y Y Y Y Y N N"},
		{ModeRestrictive, "bot", "N Y Y N Y Y Y Y Y"},
		{ModeRestrictive, "contact", "N N Y N N Y Y Y N"},
	}
	var wrong []string
	check := func(mode, who, want, assignee string) {
		cells := strings.Fields(want)
		require.Len(t, cells, len(matrixActions), "row %s/%s", mode, who)
		actor, ok := matrixActors[who]
		require.True(t, ok, who)
		for i, action := range matrixActions {
			err := Authorize(action, mode, actor, assignee)
			got := "Y"
			if err != nil {
				got = "N"
				require.Equal(t, ErrTypeForbidden, errType(err), "%s/%s/%s", mode, who, action)
			}
			if got != cells[i] {
				wrong = append(wrong, fmt.Sprintf("%s/%s/%s (assignee %q): want %s, got %s (%v)", mode, who, action, assignee, cells[i], got, err))
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range assigned {
		check(r.mode, r.actor, r.want, agentA)
		seen[r.mode+"/"+r.actor] = true
	}
	require.Len(t, seen, 3*len(matrixActors), "every mode × caller is written out")
	for _, r := range unassigned {
		check(r.mode, r.actor, r.want, "")
	}
	require.Empty(t, wrong, "cells that differ from the rule book")
}

func TestAuthorizeRefusesUnknownCallersAndModes(t *testing.T) {
	require.Error(t, Authorize(ActionView, ModeCollaborative, Actor{Kind: "robot", UserID: "x"}, agentA))
	require.Error(t, Authorize(ActionView, ModeCollaborative, Actor{}, agentA))
	require.Error(t, Authorize(ActionView, "open_for_all", agent(agentA), agentA))
	require.NoError(t, Authorize(ActionView, "open_for_all", supervisor(), agentA), "supervisors regardless of mode")
	require.NoError(t, Authorize(ActionEnd, ModeRestrictive, Actor{Kind: ActorSystem}, agentA), "the workflow's own timers")
}

func teamInMode(mode string) activities.TeamSettings {
	team := baseTeam()
	team.PermissionMode = mode
	return team
}

func assignReq(actor Actor, to string) AssignRequest {
	return AssignRequest{Actor: actor, AgentID: to, AgentInTeam: true}
}

func TestRestrictiveAgentCannotClaim(t *testing.T) {
	d := newDesk(t, teamInMode(ModeRestrictive)) // nobody is free
	claim := d.updateAt(time.Minute, UpdateClaim, claimBy(agentB))
	byBot := d.updateAt(2*time.Minute, UpdateAssign, assignReq(botActor(), agentB))
	d.run()

	requireRejected(t, claim, ErrTypeForbidden)
	requireDone(t, byBot)
	takes := calls(d, &d.takes)
	require.Len(t, takes, 1, "only the bot's assignment reached TakeChat")
	require.Equal(t, agentB, takes[0].In.AgentID)
	require.True(t, takes[0].In.Force)
	require.Equal(t, "chat.reassigned", takes[0].In.EventType)
	notices := d.noticesOf(activities.NoticeAssigned)
	require.Len(t, notices, 1)
	require.Equal(t, agentB, notices[0].In.AgentID)
}

func TestSelfServiceOnlySupervisorsReassign(t *testing.T) {
	d := newDesk(t, teamInMode(ModeSelfService))
	d.assignTo(agentA)
	byAssignee := d.updateAt(time.Minute, UpdateAssign, assignReq(agent(agentA), agentB))
	byTeammate := d.updateAt(time.Minute, UpdateAssign, assignReq(agent(agentB), agentB))
	endByTeammate := d.updateAt(time.Minute, UpdateEnd, EndRequest{Actor: agent(agentB), Reason: EndResolved})
	bySupervisor := d.updateAt(2*time.Minute, UpdateAssign, assignReq(supervisor(), agentB))
	d.run()

	requireRejected(t, byAssignee, ErrTypeForbidden)
	requireRejected(t, byTeammate, ErrTypeForbidden)
	requireRejected(t, endByTeammate, ErrTypeForbidden)
	requireDone(t, bySupervisor)
	require.Equal(t, agentB, bySupervisor.Result.AssigneeID)
	takes := calls(d, &d.takes)
	require.Len(t, takes, 1)
	require.Equal(t, "s1", takes[0].In.ActorID)
	require.Equal(t, agentA, d.freed()[0], "A's capacity is freed by the re-assignment")
}

func TestCollaborativeAgentReassigns(t *testing.T) {
	d := newDesk(t, teamInMode(ModeCollaborative))
	d.assignTo(agentA)
	toC := d.updateAt(time.Minute, UpdateAssign, assignReq(agent(agentB), agentC))
	again := d.updateAt(2*time.Minute, UpdateAssign, assignReq(agent(agentB), agentC))
	notInTeam := d.updateAt(2*time.Minute, UpdateAssign, AssignRequest{Actor: agent(agentB), AgentID: "x1"})
	d.run()

	requireDone(t, toC)
	require.Equal(t, agentC, toC.Result.AssigneeID)
	requireRejected(t, again, ErrTypeConflict)
	requireRejected(t, notInTeam, ErrTypeInvalid)
	require.Equal(t, agentA, d.freed()[0])
}
