package api

import (
	"context"
	"errors"
	"mime"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/valyala/fasthttp"

	"livechat/apperr"
	"livechat/attachments"
	"livechat/chats"
	"livechat/storage"
	"livechat/store"
	"livechat/store/db"
	"livechat/workflows"
)

// attachmentRef is an attachment as its message shows it.
type attachmentRef struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	SizeBytes   int64  `json:"size_bytes"`
}

func attachmentJSON(a db.Attachment) *attachmentRef {
	return &attachmentRef{ID: a.ID.String(), Filename: a.Filename, ContentType: a.ContentType, SizeBytes: a.SizeBytes}
}

// uploadOverhead is the room an upload request has beyond the file: the
// caption, the idempotency key and the multipart framing.
const uploadOverhead = 64 << 10

// uploadReadTimeout is the time a client has to send an upload.
const uploadReadTimeout = 5 * time.Minute

// uploadRequestConfig lets multipart/form-data POSTs (file uploads) send
// bodies up to the upload limit plus overhead, in more time; the server
// reads every other body up to BodyLimit only. It runs on the request's
// headers, so a declared length over the limit is refused unread.
func (s *Server) uploadRequestConfig(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if s.Attachments == nil || !h.IsPost() {
		return fasthttp.RequestConfig{}
	}
	if ct, _, err := mime.ParseMediaType(string(h.ContentType())); err != nil || ct != fiber.MIMEMultipartForm {
		return fasthttp.RequestConfig{}
	}
	return fasthttp.RequestConfig{
		MaxRequestBodySize: max(BodyLimit, int(s.Attachments.Limit()+uploadOverhead)),
		ReadTimeout:        uploadReadTimeout,
	}
}

// bodyTooLargeMessage explains a body the server refused to read.
func (s *Server) bodyTooLargeMessage(c *fiber.Ctx) string {
	if s.Attachments != nil && c.Method() == fiber.MethodPost && isMultipart(c) {
		return "the upload is larger than the limit: files up to " + attachments.FormatSize(s.Attachments.Limit())
	}
	return "the request body is larger than 1 MiB"
}

var (
	errUploadsOff         = apperr.New(apperr.Unavailable, "attachments_unavailable", "file attachments are not set up on this server")
	errAttachmentNotFound = apperr.New(apperr.NotFound, "attachment_not_found", "no such attachment")
)

// uploadAttachment receives a file from a member (under the same rules as
// their messages to the contact) or an API key (as the bot).
func (s *Server) uploadAttachment(c *fiber.Ctx) error {
	chat, actor, team, err := s.loadChat(c)
	if err != nil {
		return err
	}
	sender := chats.NewMessage{OrgID: chat.OrgID, ChatID: chat.ID, SenderKind: "bot"}
	if actor.Kind != workflows.ActorBot {
		if chatOver(chat) {
			return errChatEnded
		}
		id := principal(c).UserID
		sender.SenderKind, sender.SenderID = "agent", &id
		if err := canWrite("text", chat.Status, team.PermissionMode, actor, deref(idString(chat.AssigneeID))); err != nil {
			return err
		}
	}
	return s.receiveUpload(c, chat, sender)
}

func chatOver(chat db.Chat) bool { return chat.Status == "ended" || chat.Status == "failed" }

// receiveUpload stores the multipart upload of c (parts: file, and
// optionally caption and idempotency_key) as an attachment message in chat
// from sender, whose OrgID, ChatID, SenderKind and SenderID are filled in:
// the caller has decided the chat and checked the sender may write in it.
// It answers the message: 201, or 200 for a retry with a known key.
func (s *Server) receiveUpload(c *fiber.Ctx, chat db.Chat, sender chats.NewMessage) error {
	if s.Attachments == nil {
		return errUploadsOff
	}
	if chatOver(chat) {
		return errChatEnded
	}
	if !isMultipart(c) {
		return apperr.New(apperr.Unsupported, "unsupported_media_type", "send the file as multipart/form-data, in a part named file")
	}
	form, err := c.MultipartForm()
	if err != nil {
		return apperr.New(apperr.Invalid, "malformed_form", "the multipart/form-data body cannot be read: %v", err)
	}
	fields := map[string]string{}
	for name, values := range form.Value {
		switch {
		case name != "caption" && name != "idempotency_key":
			fields[name] = "unknown field"
		case len(values) > 1:
			fields[name] = "send it once"
		}
	}
	for name, files := range form.File {
		switch {
		case name != "file":
			fields[name] = "unknown file field; send the file in the part named file"
		case len(files) > 1:
			fields[name] = "one file per upload"
		}
	}
	if len(form.File["file"]) == 0 {
		fields["file"] = "required"
	}
	if len(fields) > 0 {
		return apperr.Validation(fields)
	}
	fh := form.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	first := func(name string) string {
		if v := form.Value[name]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	m, att, created, err := s.Attachments.Upload(c.UserContext(), attachments.UploadInput{
		OrgID: sender.OrgID, ChatID: sender.ChatID, SenderKind: sender.SenderKind, SenderID: sender.SenderID,
		Filename: fh.Filename, Caption: first("caption"), IdempotencyKey: first("idempotency_key"), Content: f,
	})
	if err != nil {
		return err
	}
	out := messageJSON(m)
	if m.AttachmentID != nil {
		out.Attachment = attachmentJSON(att)
	}
	status := fiber.StatusCreated
	if !created {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(out)
}

// getAttachment serves an attachment to whoever may see its chat; other
// callers, like other organisations, get 404.
func (s *Server) getAttachment(c *fiber.Ctx) error {
	id, err := pathID(c, "attachmentID")
	if err != nil {
		return err
	}
	p := principal(c)
	att, err := s.Store.GetAttachment(c.UserContext(), db.GetAttachmentParams{OrgID: p.OrgID, ID: id})
	if err != nil {
		if errors.Is(store.Err(err), store.ErrNotFound) {
			return errAttachmentNotFound
		}
		return err
	}
	if _, _, _, err := s.chatFor(c.UserContext(), p, att.ChatID); err != nil {
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.NotFound {
			return errAttachmentNotFound
		}
		return err
	}
	return s.sendAttachment(c, att)
}

// sendAttachment writes an attachment's bytes. Only images browsers render
// without running anything are served as themselves, inline; everything
// else (SVG included) is an application/octet-stream download. Every
// answer forbids sniffing and runs sandboxed, without scripts or loads.
func (s *Server) sendAttachment(c *fiber.Ctx, att db.Attachment) error {
	if s.Attachments == nil {
		return errUploadsOff
	}
	rc, err := s.Attachments.Open(c.UserContext(), att)
	if errors.Is(err, storage.ErrNotFound) {
		s.Log.Warn("attachment file missing", "request_id", requestID(c), "attachment_id", att.ID, "storage_key", att.StorageKey)
		return apperr.New(apperr.NotFound, "attachment_file_missing", "the file of this attachment is no longer stored")
	}
	if err != nil {
		return err
	}
	contentType, inline := attachments.Served(att.ContentType)
	disposition := "attachment"
	if inline {
		disposition = "inline"
	}
	if d := mime.FormatMediaType(disposition, map[string]string{"filename": att.Filename}); d != "" {
		disposition = d
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, disposition)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentSecurityPolicy, "sandbox; default-src 'none'")
	c.Set(fiber.HeaderCacheControl, "private, max-age=3600")
	return c.SendStream(rc, int(att.SizeBytes))
}

// withAttachments adds their attachment to the messages of out (rows are
// the same messages, in order).
func (s *Server) withAttachments(ctx context.Context, orgID uuid.UUID, rows []db.Message, out []messageResponse) error {
	var ids []uuid.UUID
	for _, m := range rows {
		if m.AttachmentID != nil {
			ids = append(ids, *m.AttachmentID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	atts, err := s.Store.ListAttachmentsByIDs(ctx, db.ListAttachmentsByIDsParams{OrgID: orgID, Ids: ids})
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]db.Attachment, len(atts))
	for _, a := range atts {
		byID[a.ID] = a
	}
	for i, m := range rows {
		if m.AttachmentID == nil {
			continue
		}
		if a, ok := byID[*m.AttachmentID]; ok {
			out[i].Attachment = attachmentJSON(a)
		}
	}
	return nil
}
