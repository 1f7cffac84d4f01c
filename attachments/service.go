// Package attachments receives the files sent in chats: it checks a file's
// type, content and size, keeps the bytes in a storage.Store, records the
// attachment and writes the message that carries it.
package attachments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"livechat/apperr"
	"livechat/chats"
	"livechat/storage"
	"livechat/store"
	"livechat/store/db"
)

// DefaultMaxBytes is the size limit when none is configured: 10 MiB.
const DefaultMaxBytes = 10 << 20

// MaxCaption is the longest caption, in characters (as a message body).
const MaxCaption = 4000

// maxIdempotencyKey matches the limit on messages' idempotency keys.
const maxIdempotencyKey = 100

// Service stores uploads and serves them back.
type Service struct {
	Store *store.Store
	// Chats writes the message (and tells the chat workflow).
	Chats   *chats.Service
	Storage storage.Store
	// MaxBytes is the largest file accepted (0 = DefaultMaxBytes).
	MaxBytes int64
	Log      *slog.Logger
}

// Limit is the largest file accepted, in bytes.
func (s *Service) Limit() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

// UploadInput is one file sent to a chat.
type UploadInput struct {
	OrgID      uuid.UUID
	ChatID     uuid.UUID
	SenderKind string // contact, agent or bot
	SenderID   *uuid.UUID
	// Filename is the name the client gave; it is cleaned (CleanFilename)
	// and its extension decides the allowed content.
	Filename string
	// Caption is the message body (optional).
	Caption        string
	IdempotencyKey string
	Content        io.Reader
}

// Upload checks a file, stores it and writes the attachment message
// (through chats.Service.PostMessage, so the chat workflow hears of it).
// A retry with the same idempotency key returns the original message (and
// its attachment) with created = false and stores nothing. Refusals are
// *apperr.Error values; on any failure nothing stays stored.
func (s *Service) Upload(ctx context.Context, in UploadInput) (db.Message, db.Attachment, bool, error) {
	name := CleanFilename(in.Filename)
	fields := map[string]string{}
	if name == "" {
		fields["file"] = "the file needs a name"
	}
	if utf8.RuneCountInString(in.Caption) > MaxCaption {
		fields["caption"] = fmt.Sprintf("at most %d characters", MaxCaption)
	}
	if len(in.IdempotencyKey) > maxIdempotencyKey {
		fields["idempotency_key"] = fmt.Sprintf("at most %d characters", maxIdempotencyKey)
	}
	if len(fields) > 0 {
		return db.Message{}, db.Attachment{}, false, apperr.Validation(fields)
	}
	ext := Extension(name)
	ft, ok := types[ext]
	if !ok {
		return db.Message{}, db.Attachment{}, false, errTypeNotAllowed(ext)
	}

	if in.IdempotencyKey != "" {
		m, err := s.Store.GetMessageByIdempotencyKey(ctx, db.GetMessageByIdempotencyKeyParams{ChatID: in.ChatID, IdempotencyKey: &in.IdempotencyKey})
		if err == nil {
			att, err := s.attachmentOf(ctx, m)
			return m, att, false, err
		}
		if !errors.Is(store.Err(err), store.ErrNotFound) {
			return db.Message{}, db.Attachment{}, false, fmt.Errorf("attachments: look up retried upload: %w", err)
		}
	}

	content, err := checked(ext, ft, in.Content, s.Limit())
	if err != nil {
		return db.Message{}, db.Attachment{}, false, err
	}
	key := in.OrgID.String() + "/" + uuid.NewString()
	size, err := s.Storage.Put(ctx, key, content)
	if err != nil {
		if ae, ok := apperr.As(err); ok {
			return db.Message{}, db.Attachment{}, false, ae
		}
		return db.Message{}, db.Attachment{}, false, fmt.Errorf("attachments: store file: %w", err)
	}

	att, err := s.Store.InsertAttachment(ctx, db.InsertAttachmentParams{
		ID: uuid.Must(uuid.NewV7()), OrgID: in.OrgID, ChatID: in.ChatID, UploaderKind: in.SenderKind, UploaderID: in.SenderID,
		Filename: name, ContentType: ft.mime, SizeBytes: size, StorageKey: key,
	})
	if err != nil {
		return db.Message{}, db.Attachment{}, false, errors.Join(fmt.Errorf("attachments: record: %w", err), s.discard(ctx, key, nil))
	}
	m, created, err := s.Chats.PostMessage(ctx, chats.NewMessage{
		OrgID: in.OrgID, ChatID: in.ChatID, Kind: "attachment", SenderKind: in.SenderKind, SenderID: in.SenderID,
		Body: strings.TrimSpace(in.Caption), IdempotencyKey: in.IdempotencyKey, AttachmentID: &att.ID,
	})
	if err != nil {
		return db.Message{}, db.Attachment{}, false, errors.Join(fmt.Errorf("attachments: post message: %w", err), s.discard(ctx, key, &att.ID))
	}
	if !created {
		// A concurrent retry with the same key won: keep its file, not ours.
		if err := s.discard(ctx, key, &att.ID); err != nil {
			s.logger().Error("attachments: discard duplicate upload", "attachment_id", att.ID, "error", err)
		}
		orig, err := s.attachmentOf(ctx, m)
		return m, orig, false, err
	}
	return m, att, true, nil
}

// discard removes what a failed upload stored: its attachment row (unless a
// message refers to it) and its file. It runs even when ctx was cancelled.
func (s *Service) discard(ctx context.Context, key string, attachmentID *uuid.UUID) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	if attachmentID != nil {
		if err := s.Store.DeleteUnusedAttachment(ctx, *attachmentID); err != nil {
			errs = append(errs, fmt.Errorf("attachments: delete row of %s: %w", key, err))
		}
	}
	if err := s.Storage.Delete(ctx, key); err != nil {
		errs = append(errs, fmt.Errorf("attachments: delete file %s: %w", key, err))
	}
	return errors.Join(errs...)
}

// attachmentOf loads the attachment of a message (none: the zero value).
func (s *Service) attachmentOf(ctx context.Context, m db.Message) (db.Attachment, error) {
	if m.AttachmentID == nil {
		return db.Attachment{}, nil
	}
	att, err := s.Store.GetAttachment(ctx, db.GetAttachmentParams{OrgID: m.OrgID, ID: *m.AttachmentID})
	if err != nil {
		return att, fmt.Errorf("attachments: load %s: %w", m.AttachmentID, err)
	}
	return att, nil
}

// Open reads an attachment's bytes.
func (s *Service) Open(ctx context.Context, att db.Attachment) (io.ReadCloser, error) {
	rc, err := s.Storage.Open(ctx, att.StorageKey)
	if err != nil {
		return nil, fmt.Errorf("attachments: open %s: %w", att.ID, err)
	}
	return rc, nil
}

func (s *Service) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}
