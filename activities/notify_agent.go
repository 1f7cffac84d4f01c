package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/activity"

	"livechat/notify"
	"livechat/store/db"
)

// Kinds of agent notices.
const (
	NoticeAssigned          = "chat_assigned"
	NoticeOffered           = "chat_offered"
	NoticeTransferRequested = "transfer_requested"
	NoticeTransferAccepted  = "transfer_accepted"
	NoticeTransferRejected  = "transfer_rejected"
	NoticeTransferExpired   = "transfer_expired"
)

var noticeText = map[string][2]string{
	NoticeAssigned:          {"New chat assigned to you", "A chat with %s was assigned to you."},
	NoticeOffered:           {"A chat is offered to you", "A chat with %s is offered to you: accept it before the offer runs out."},
	NoticeTransferRequested: {"Transfer request", "You are asked to take over the chat with %s."},
	NoticeTransferAccepted:  {"Transfer accepted", "Your transfer of the chat with %s was accepted."},
	NoticeTransferRejected:  {"Transfer rejected", "Your transfer of the chat with %s was rejected; the chat stays with you."},
	NoticeTransferExpired:   {"Transfer expired", "Nobody answered your transfer of the chat with %s; the chat stays with you."},
}

// NoticeInput names the agent to tell about a chat.
type NoticeInput struct {
	ChatID  string `json:"chat_id"`
	AgentID string `json:"agent_id"`
	Kind    string `json:"kind"`
}

// NotifyAgent tells an agent about work: an in-app event their console
// turns into a sound and a badge, and an email through the Mailer. Without
// an email provider the email is logged as not sent.
func (a *Activities) NotifyAgent(ctx context.Context, in NoticeInput) error {
	chatID, err := mustID(in.ChatID)
	if err != nil {
		return err
	}
	agentID, err := mustID(in.AgentID)
	if err != nil {
		return err
	}
	text, ok := noticeText[in.Kind]
	if !ok {
		return fmt.Errorf("activities: unknown notice %q", in.Kind)
	}
	chat, err := a.Store.GetChatByID(ctx, chatID)
	if err != nil {
		return fmt.Errorf("activities: load chat: %w", err)
	}
	if err := recordEvent(ctx, a.Store.Queries, chat, event{Type: "agent.notified", Payload: map[string]any{"agent_id": in.AgentID, "kind": in.Kind}}); err != nil {
		return err
	}
	member, err := a.Store.GetMember(ctx, db.GetMemberParams{OrgID: chat.OrgID, UserID: agentID})
	if err != nil {
		return fmt.Errorf("activities: load agent: %w", err)
	}
	org, err := a.Store.GetOrganization(ctx, chat.OrgID)
	if err != nil {
		return fmt.Errorf("activities: load organisation: %w", err)
	}
	contact, err := a.Store.GetContact(ctx, db.GetContactParams{OrgID: chat.OrgID, ID: chat.ContactID})
	if err != nil {
		return fmt.Errorf("activities: load contact: %w", err)
	}
	who := contact.Name
	if who == "" {
		who = "a visitor"
	}
	email, err := notify.RenderEmail(notify.TemplateAgentNotice, notify.AgentNoticeData{
		OrgName: org.Name, AgentName: member.Name, Headline: text[0], Detail: fmt.Sprintf(text[1], who),
		ChatURL: a.PublicURL + "/chats/" + chat.ID.String(),
	})
	if err != nil {
		return fmt.Errorf("activities: render notice: %w", err)
	}
	email.To, email.ToName = member.Email, member.Name
	_, err = a.Mailer.SendEmail(ctx, email)
	switch {
	case errors.Is(err, notify.ErrNotConfigured):
		activity.GetLogger(ctx).Info("agent notice not emailed: provider not configured", "kind", in.Kind, "chat_id", in.ChatID)
		return nil
	case notify.IsPermanent(err):
		activity.GetLogger(ctx).Warn("agent notice refused by the email provider", "kind", in.Kind, "error", err)
		return nil
	case err != nil:
		return fmt.Errorf("activities: email notice: %w", err)
	}
	return nil
}
