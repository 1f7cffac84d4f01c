package api

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/realtime"
	"livechat/store/db"
)

// agentSocket upgrades a signed-in member's console to its WebSocket.
func (s *Server) agentSocket(c *fiber.Ctx) error {
	// The cookie authenticates the socket, so only the app's own pages may
	// open it (cross-site WebSocket hijacking).
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && !s.ownOrigin(c, origin) {
		return apperr.New(apperr.Forbidden, "origin_not_allowed", "the console socket opens only from the app's own pages")
	}
	after, err := parseAfter(c)
	if err != nil {
		return err
	}
	p := principal(c)
	if p.IsAPIKey() {
		return apperr.New(apperr.Forbidden, "session_required", "sockets are for signed-in members; API keys use the HTTP endpoints")
	}
	view, err := s.agentView(c.UserContext(), p)
	if err != nil {
		return err
	}
	filter := realtime.NewAgentFilter(view)
	// Opening the console counts as a heartbeat (a reload, a laptop waking).
	if err := s.heartbeat(c.UserContext(), p); err != nil {
		return err
	}
	lastBeat := time.Now()
	sess := &socketSession{
		sub:   realtime.NewSubscriber(p.OrgID, filter),
		after: after,
		handle: func(ctx context.Context, f clientFrame) (any, error) {
			return s.agentFrame(ctx, p, f)
		},
		onPong: func(ctx context.Context) {
			if time.Since(lastBeat) < socketPing/2 {
				return
			}
			lastBeat = time.Now()
			if err := s.heartbeat(ctx, p); err != nil {
				s.Log.Warn("socket heartbeat", "user_id", p.UserID, "error", err)
			}
		},
		refresh: func(ctx context.Context) {
			if v, err := s.agentView(ctx, p); err == nil {
				filter.SetView(v)
			}
		},
	}
	return s.upgrade(c, sess)
}

// ownOrigin says whether origin is the app's public URL or the host the
// request came to.
func (s *Server) ownOrigin(c *fiber.Ctx, origin string) bool {
	origin = strings.ToLower(strings.TrimSuffix(origin, "/"))
	if u, err := url.Parse(s.PublicURL); err == nil && strings.ToLower(u.Scheme+"://"+u.Host) == origin {
		return true
	}
	return strings.ToLower(c.Protocol()+"://"+c.Hostname()) == origin
}

// agentView loads what an agent may see: their teams and every team's mode.
func (s *Server) agentView(ctx context.Context, p accounts.Principal) (*realtime.AgentView, error) {
	mine, err := s.Store.TeamIDsOfAgent(ctx, db.TeamIDsOfAgentParams{OrgID: p.OrgID, UserID: p.UserID})
	if err != nil {
		return nil, err
	}
	teams, err := s.Store.ListTeams(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	v := &realtime.AgentView{UserID: p.UserID, Role: string(p.Role), InTeam: map[uuid.UUID]bool{}, Modes: map[uuid.UUID]string{}}
	for _, id := range mine {
		v.InTeam[id] = true
	}
	for _, t := range teams {
		v.Modes[t.ID] = t.PermissionMode
	}
	return v, nil
}

// agentFrame answers one frame of an agent's socket.
func (s *Server) agentFrame(ctx context.Context, p accounts.Principal, f clientFrame) (any, error) {
	switch f.Type {
	case "send":
		if f.ChatID == nil {
			return nil, errFrameField("chat_id", "required")
		}
		m, _, err := s.sendAsCaller(ctx, p, *f.ChatID, postMessageRequest{Body: f.Body, Kind: f.Kind, IdempotencyKey: f.IdempotencyKey})
		if err != nil {
			return nil, err
		}
		return fiber.Map{"message": messageJSON(m)}, nil
	case "typing", "read":
		if f.ChatID == nil {
			return nil, errFrameField("chat_id", "required")
		}
		chat, _, _, err := s.chatFor(ctx, p, *f.ChatID)
		if err != nil {
			return nil, err
		}
		return s.chatSignalFrame(ctx, f, chat, realtime.ReaderAgent, p.UserID)
	case "presence":
		row, err := s.updatePresence(ctx, p, f.Status)
		if err != nil {
			return nil, err
		}
		return presenceResponse{Status: row.Status, UpdatedAt: row.UpdatedAt}, nil
	}
	return nil, errUnknownFrame
}

var visitorSocketLimit = &limitRule{name: "visitor-socket-ip", max: 60, window: time.Minute, key: byIP}

// visitorSocket upgrades a widget to its WebSocket (?token=, checked by the
// guard with the widget's origin list).
func (s *Server) visitorSocket(c *fiber.Ctx) error {
	after, err := parseAfter(c)
	if err != nil {
		return err
	}
	v := theVisitor(c)
	ip := clientIP(c)
	sess := &socketSession{
		sub:   realtime.NewSubscriber(v.Widget.OrgID, &realtime.VisitorFilter{ContactID: v.ContactID}),
		after: after,
		handle: func(ctx context.Context, f clientFrame) (any, error) {
			return s.visitorFrame(ctx, v, ip, f)
		},
	}
	return s.upgrade(c, sess)
}

// visitorFrame answers one frame of a visitor's socket.
func (s *Server) visitorFrame(ctx context.Context, v visitorCaller, ip string, f clientFrame) (any, error) {
	switch f.Type {
	case "send":
		if f.Kind != "" && f.Kind != "text" {
			return nil, errFrameField("kind", "visitors send text")
		}
		// The ack carries the message only, as on the agents' socket: the
		// chat's view (its queue position and agents) costs queries on
		// every message, and the socket's chat.updated events carry the
		// changes; a client that sees a new chat_id loads that chat.
		m, _, _, err := s.visitorSend(ctx, v, ip, visitorSendRequest{ChatID: f.ChatID, Body: f.Body, IdempotencyKey: f.IdempotencyKey})
		if err != nil {
			return nil, err
		}
		return fiber.Map{"message": messageJSON(m)}, nil
	case "typing", "read":
		if f.ChatID == nil {
			return nil, errFrameField("chat_id", "required")
		}
		chat, err := s.visitorChatByID(ctx, v, *f.ChatID)
		if err != nil {
			return nil, err
		}
		return s.chatSignalFrame(ctx, f, chat, realtime.ReaderContact, v.ContactID)
	case "presence":
		return nil, apperr.New(apperr.Forbidden, "forbidden", "presence is for agents")
	}
	return nil, errUnknownFrame
}

// chatSignalFrame answers a read or typing frame in a chat the socket's
// user may use; side is who they are in it (agent or contact).
func (s *Server) chatSignalFrame(ctx context.Context, f clientFrame, chat db.Chat, side string, id uuid.UUID) (any, error) {
	if f.Type == "read" {
		ids, err := s.readUpTo(ctx, chat, side, f.MessageID)
		return readResponse{MessageIDs: ids}, err
	}
	published, err := s.publishTyping(ctx, chat, side, &id, f.Typing)
	return fiber.Map{"published": published}, err
}
