package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"livechat/accounts"
)

// accessMode says who may call a route.
type accessMode int

const (
	public        accessMode = iota + 1 // anyone (rate limited where it matters)
	member                              // a signed-in member (session cookie + CSRF on writes)
	memberOrKey                         // a member or an organisation API key
	visitorAccess                       // a widget visitor (X-Visitor-Token, or ?token= on the socket)
)

// route is one line of the route table; the OpenAPI document is checked
// against this table by a test.
type route struct {
	method  string
	path    string
	access  accessMode
	role    accounts.Role // the least role allowed (members and keys)
	limit   *limitRule
	handler fiber.Handler
}

var (
	loginLimit  = &limitRule{name: "login-ip", max: 30, window: 5 * time.Minute, key: byIP}
	inviteLimit = &limitRule{name: "invitation-ip", max: 30, window: 5 * time.Minute, key: byIP}
)

// routes is the table of every /api/v1 endpoint.
func (s *Server) routes() []route {
	const (
		get, post, patch, put, del = fiber.MethodGet, fiber.MethodPost, fiber.MethodPatch, fiber.MethodPut, fiber.MethodDelete
		agent, supervisor, admin   = accounts.RoleAgent, accounts.RoleSupervisor, accounts.RoleAdmin
	)
	return []route{
		{get, "/openapi.json", public, "", nil, s.openAPI},

		{post, "/auth/login", public, "", loginLimit, s.login},
		{post, "/auth/logout", member, agent, nil, s.logout},
		{get, "/auth/session", member, agent, nil, s.session},

		{get, "/ws", member, agent, nil, s.agentSocket},
		{get, "/me", member, agent, nil, s.getProfile},
		{patch, "/me", member, agent, nil, s.updateProfile},
		{put, "/me/presence", member, agent, nil, s.setPresence},
		{get, "/me/notifications", member, agent, nil, s.listMyNotifications},
		{post, "/me/notifications/read", member, agent, nil, s.markMyNotificationsRead},
		{get, "/me/notification-preferences", member, agent, nil, s.getMyPreferences},
		{put, "/me/notification-preferences", member, agent, nil, s.putMyPreferences},
		{get, "/me/schedule", member, agent, nil, s.getMySchedule},
		{put, "/me/schedule", member, agent, nil, s.putMySchedule},
		{del, "/me/schedule", member, agent, nil, s.deleteMySchedule},

		{get, "/members", memberOrKey, agent, nil, s.listMembers},
		{get, "/members/:userID", memberOrKey, agent, nil, s.getMember},
		{patch, "/members/:userID", member, admin, nil, s.updateMember},
		{del, "/members/:userID", member, admin, nil, s.removeMember},

		{get, "/invitations", member, admin, nil, s.listInvitations},
		{post, "/invitations", member, admin, nil, s.createInvitation},
		{del, "/invitations/:invitationID", member, admin, nil, s.revokeInvitation},
		{get, "/invitations/by-token/:token", public, "", inviteLimit, s.lookupInvitation},
		{post, "/invitations/accept", public, "", inviteLimit, s.acceptInvitation},

		{get, "/teams", memberOrKey, agent, nil, s.listTeams},
		{post, "/teams", member, admin, nil, s.createTeam},
		{get, "/teams/:teamID", memberOrKey, agent, nil, s.getTeam},
		{patch, "/teams/:teamID", member, supervisor, nil, s.updateTeam},
		{del, "/teams/:teamID", member, admin, nil, s.deleteTeam},
		{get, "/teams/:teamID/members", memberOrKey, agent, nil, s.listTeamMembers},
		{put, "/teams/:teamID/members/:userID", member, supervisor, nil, s.addTeamMember},
		{del, "/teams/:teamID/members/:userID", member, supervisor, nil, s.removeTeamMember},
		{get, "/teams/:teamID/schedule", memberOrKey, agent, nil, s.getTeamSchedule},
		{put, "/teams/:teamID/schedule", member, supervisor, nil, s.putTeamSchedule},
		{del, "/teams/:teamID/schedule", member, supervisor, nil, s.deleteTeamSchedule},

		{get, "/api-keys", member, admin, nil, s.listAPIKeys},
		{post, "/api-keys", member, admin, nil, s.createAPIKey},
		{del, "/api-keys/:keyID", member, admin, nil, s.revokeAPIKey},

		{get, "/dashboard", memberOrKey, supervisor, nil, s.getDashboard},
		{get, "/audit-log", member, admin, nil, s.listAudit},
		{get, "/notifications", member, admin, nil, s.listOutbox},
		{get, "/notification-defaults", member, admin, nil, s.getOrgDefaults},
		{put, "/notification-defaults", member, admin, nil, s.putOrgDefaults},

		{get, "/blacklist", member, agent, nil, s.listBlacklist},
		{post, "/blacklist", member, agent, nil, s.createBlacklistEntry},
		{del, "/blacklist/:entryID", member, supervisor, nil, s.deleteBlacklistEntry},

		{get, "/canned-responses", member, agent, nil, s.listCannedResponses},
		{post, "/canned-responses", member, agent, nil, s.createCannedResponse},
		{patch, "/canned-responses/:cannedID", member, agent, nil, s.updateCannedResponse},
		{del, "/canned-responses/:cannedID", member, agent, nil, s.deleteCannedResponse},
		{get, "/chats/:chatID/canned-responses/expand", member, agent, nil, s.expandCannedResponse},

		{get, "/widgets", member, admin, nil, s.listWidgets},
		{post, "/widgets", member, admin, nil, s.createWidget},
		{patch, "/widgets/:widgetID", member, admin, nil, s.updateWidget},
		{del, "/widgets/:widgetID", member, admin, nil, s.deleteWidget},
		{get, "/identity-secret", member, admin, nil, s.getIdentitySecret},
		{post, "/identity-secret/rotate", member, admin, nil, s.rotateIdentitySecret},

		{get, "/widget/config", public, "", widgetConfigLimit, s.getWidgetConfig},
		{post, "/widget/sessions", public, "", visitorSessionLimit, s.createVisitorSession},
		{get, "/widget/session", visitorAccess, "", nil, s.getVisitorSession},
		{get, "/widget/ws", visitorAccess, "", visitorSocketLimit, s.visitorSocket},
		{get, "/widget/chats", visitorAccess, "", nil, s.listVisitorChats},
		{post, "/widget/messages", visitorAccess, "", nil, s.postVisitorMessage},
		{get, "/widget/chats/:chatID", visitorAccess, "", nil, s.getVisitorChat},
		{get, "/widget/chats/:chatID/messages", visitorAccess, "", nil, s.listVisitorMessages},
		{post, "/widget/chats/:chatID/typing", visitorAccess, "", nil, s.visitorTyping},
		{post, "/widget/chats/:chatID/read", visitorAccess, "", nil, s.visitorRead},
		{post, "/widget/chats/:chatID/end", visitorAccess, "", nil, s.endVisitorChat},
		{post, "/widget/chats/:chatID/prompt/answer", visitorAccess, "", nil, s.answerVisitorPrompt},
		{post, "/widget/chats/:chatID/attachments", visitorAccess, "", nil, s.uploadVisitorAttachment},
		{get, "/widget/attachments/:attachmentID", visitorAccess, "", nil, s.getVisitorAttachment},

		{post, "/webhooks/twilio/status", public, "", providerWebhookLimit, s.twilioStatus},

		{get, "/contacts", memberOrKey, agent, nil, s.listContacts},
		{get, "/contacts/:contactID", memberOrKey, agent, nil, s.getContact},
		{patch, "/contacts/:contactID", memberOrKey, agent, nil, s.updateContact},
		{get, "/contacts/:contactID/chats", memberOrKey, agent, nil, s.listContactChats},
		{get, "/contacts/:contactID/journey", memberOrKey, agent, nil, s.contactJourney},
		{post, "/contacts/:contactID/block", member, agent, nil, s.blockContact},
		{del, "/contacts/:contactID/block", member, supervisor, nil, s.unblockContact},

		{post, "/handoffs", memberOrKey, admin, nil, s.createHandoff},
		{get, "/chats", memberOrKey, agent, nil, s.listChats},
		{get, "/chats/counts", member, agent, nil, s.chatCounts},
		{get, "/chats/:chatID", memberOrKey, agent, nil, s.getChat},
		{get, "/chats/:chatID/events", memberOrKey, agent, nil, s.listChatEvents},
		{get, "/chats/:chatID/messages", memberOrKey, agent, nil, s.listMessages},
		{post, "/chats/:chatID/messages", memberOrKey, agent, nil, s.postMessage},
		{post, "/chats/:chatID/attachments", memberOrKey, agent, nil, s.uploadAttachment},
		{get, "/attachments/:attachmentID", memberOrKey, agent, nil, s.getAttachment},
		{get, "/chats/:chatID/discussion", member, agent, nil, s.getDiscussion},
		{post, "/chats/:chatID/discussion/messages", member, agent, nil, s.postDiscussionMessage},
		{post, "/chats/:chatID/discussion/participants", member, agent, nil, s.inviteToDiscussion},
		{post, "/chats/:chatID/typing", memberOrKey, agent, nil, s.agentTyping},
		{post, "/chats/:chatID/read", member, agent, nil, s.agentRead},
		{post, "/chats/:chatID/claim", member, agent, nil, s.claimChat},
		{post, "/chats/:chatID/assign", memberOrKey, agent, nil, s.assignChat},
		{post, "/chats/:chatID/end", memberOrKey, agent, nil, s.endChat},
		{post, "/chats/:chatID/hand-back", memberOrKey, agent, nil, s.handBack},
		{post, "/chats/:chatID/transfer", memberOrKey, agent, nil, s.transferChat},
		{post, "/chats/:chatID/transfer/answer", member, agent, nil, s.answerTransfer},
		{post, "/chats/:chatID/offer/answer", member, agent, nil, s.answerOffer},
		{post, "/chats/:chatID/prompt/answer", memberOrKey, agent, nil, s.answerPrompt},
	}
}
