package api

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/store/db"
	"livechat/workflows"
)

// chatListItem is a chat as lists show it: with its team, contact, last
// message and how many of the contact's messages no agent has read.
type chatListItem struct {
	chatResponse
	TeamName     string          `json:"team_name"`
	ContactEmail *string         `json:"contact_email"`
	LastMessage  json.RawMessage `json:"last_message"`
	UnreadCount  int32           `json:"unread_count"`
}

func chatListItemJSON(r db.ListChatsRow) chatListItem {
	out := chatListItem{chatResponse: chatJSON(r.Chat), TeamName: r.TeamName, ContactEmail: r.ContactEmail,
		LastMessage: json.RawMessage("null"), UnreadCount: r.UnreadCount}
	out.ContactName, out.AssigneeName = r.ContactName, r.AssigneeName
	if len(r.LastMessage) > 0 {
		out.LastMessage = r.LastMessage
	}
	return out
}

// chatPage runs a chat list query: the page's items and the cursor of the
// next page (nil at the end).
func (s *Server) chatPage(c *fiber.Ctx, params db.ListChatsParams) ([]chatListItem, *string, error) {
	rows, err := s.Store.ListChats(c.UserContext(), params)
	if err != nil {
		return nil, nil, err
	}
	out := make([]chatListItem, len(rows))
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		out[i], ids[i] = chatListItemJSON(r), r.Chat.ID
	}
	return out, nextBefore(ids, params.MaxRows), nil
}

// maxSearch is the longest search text.
const maxSearch = 100

// searchText trims a search and escapes LIKE's wildcards, so "50%" and
// "a_b" match literally; the message is empty when it is fine.
func searchText(q string) (string, string) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > maxSearch {
		return "", "at most 100 characters"
	}
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q), ""
}

// chatListParams reads the list's query parameters.
func (s *Server) chatListParams(c *fiber.Ctx, p accounts.Principal) (db.ListChatsParams, error) {
	params := db.ListChatsParams{OrgID: p.OrgID, MaxRows: 50}
	fields := map[string]string{}
	if v := c.Query("status"); v != "" {
		switch v {
		case "waiting", "offered", "assigned", "transferring", "ended", "failed":
			params.Status = &v
		default:
			fields["status"] = "one of waiting, offered, assigned, transferring, ended, failed"
		}
	}
	for name, dst := range map[string]**uuid.UUID{"team_id": &params.TeamID, "assignee_id": &params.AssigneeID} {
		if v := c.Query(name); v != "" {
			id, err := uuid.Parse(v)
			if err != nil {
				fields[name] = "not a valid id"
			}
			*dst = &id
		}
	}
	switch c.Query("view", "all") {
	case "unassigned":
		params.UnassignedOnly = true
	case "mine":
		if p.IsAPIKey() {
			fields["view"] = "mine needs a signed-in member"
		}
		params.AssigneeID, params.OpenOnly = &p.UserID, true
	case "open":
		params.OpenOnly = true
	case "all":
	default:
		fields["view"] = "one of unassigned, mine, open, all"
	}
	if q, msg := searchText(c.Query("q")); msg != "" {
		fields["q"] = msg
	} else if q != "" {
		params.Search = &q
	}
	switch c.Query("unread") {
	case "", "false":
	case "true":
		params.UnreadOnly = true
	default:
		fields["unread"] = "true or false"
	}
	switch c.Query("sort", "newest") {
	case "newest":
	case "waiting":
		params.WaitingFirst = true
	default:
		fields["sort"] = "one of newest, waiting"
	}
	if len(fields) > 0 {
		return params, apperr.Validation(fields)
	}
	if l := c.Query("limit"); l != "" {
		n, err := parseLimit(l)
		if err != nil {
			return params, err
		}
		params.MaxRows = n
	}
	if b := c.Query("before"); b != "" {
		if err := s.chatCursor(c, p, b, &params); err != nil {
			return params, err
		}
	}
	if !p.IsAPIKey() && !workflows.IsSupervisorRole(string(p.Role)) {
		params.VisibleTo = &p.UserID
	}
	return params, nil
}

// chatCursor positions the page after the chat the previous page ended on.
func (s *Server) chatCursor(c *fiber.Ctx, p accounts.Principal, before string, params *db.ListChatsParams) error {
	id, err := uuid.Parse(before)
	if err != nil {
		return apperr.Validation(map[string]string{"before": "a chat id"})
	}
	prev, err := s.Chats.Get(c.UserContext(), p.OrgID, id)
	if err != nil {
		return apperr.Validation(map[string]string{"before": "unknown chat"})
	}
	at := prev.CreatedAt
	if params.WaitingFirst && prev.QueuedAt != nil {
		at = *prev.QueuedAt
	}
	params.BeforeAt, params.BeforeID = &at, &prev.ID
	return nil
}

// chatCountsResponse is the inbox badges: open chats waiting for anyone,
// and the caller's own, per team and in all.
type chatCountsResponse struct {
	Unassigned int              `json:"unassigned"`
	Mine       int              `json:"mine"`
	Teams      []teamChatCounts `json:"teams"`
}

type teamChatCounts struct {
	TeamID     string `json:"team_id"`
	TeamName   string `json:"team_name"`
	Unassigned int    `json:"unassigned"`
	Mine       int    `json:"mine"`
}

// chatCounts answers the inbox badges for the teams the caller sees.
func (s *Server) chatCounts(c *fiber.Ctx) error {
	p := principal(c)
	rows, err := s.Store.ChatCounts(c.UserContext(), db.ChatCountsParams{
		OrgID: p.OrgID, UserID: p.UserID, Restricted: !workflows.IsSupervisorRole(string(p.Role)),
	})
	if err != nil {
		return err
	}
	out := chatCountsResponse{Teams: make([]teamChatCounts, len(rows))}
	for i, r := range rows {
		out.Teams[i] = teamChatCounts{TeamID: r.TeamID.String(), TeamName: r.TeamName, Unassigned: int(r.Unassigned), Mine: int(r.Mine)}
		out.Unassigned += int(r.Unassigned)
		out.Mine += int(r.Mine)
	}
	return c.JSON(out)
}
