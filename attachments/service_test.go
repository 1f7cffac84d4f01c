package attachments

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/chats"
	"livechat/storage"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

type fixture struct {
	t     *testing.T
	st    *store.Store
	dbURL string
	dir   string
	svc   *Service
	org   accounts.CreatedOrganization
	chat  db.Chat
	agent uuid.UUID
}

// newFixture is a fresh database with an organisation, a chat assigned to
// its owner and an attachments service storing under a temporary directory.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	st, dbURL := storetest.NewDatabase(t)
	org, err := accounts.NewService(st, accounts.NewSigner("attachments-secret-attachments-secret")).CreateOrganization(ctx, accounts.NewOrganization{
		Name: "Files", Slug: "files", OwnerEmail: "owner@files.test", OwnerName: "Owner", OwnerPassword: "files-password-1",
	})
	require.NoError(t, err)
	contact, err := st.CreateContact(ctx, db.CreateContactParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, CustomFields: []byte("{}"), Tags: []string{}})
	require.NoError(t, err)
	chat, err := st.CreateChat(ctx, db.CreateChatParams{ID: uuid.Must(uuid.NewV7()), OrgID: org.Org.ID, TeamID: org.Inbox.ID, ContactID: contact.ID, Source: "api"})
	require.NoError(t, err)
	agent := org.Owner.ID
	chat, err = st.SetChatAssigned(ctx, db.SetChatAssignedParams{AgentID: &agent, ID: chat.ID})
	require.NoError(t, err)
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := &Service{
		Store:   st,
		Chats:   &chats.Service{Store: st, Outbox: chats.NewOutbox(st, nil, log)},
		Storage: storage.NewDisk(dir),
		Log:     log,
	}
	return &fixture{t: t, st: st, dbURL: dbURL, dir: dir, svc: svc, org: org, chat: chat, agent: agent}
}

func (f *fixture) input(name string, content []byte) UploadInput {
	return UploadInput{OrgID: f.org.Org.ID, ChatID: f.chat.ID, SenderKind: "agent", SenderID: &f.agent,
		Filename: name, Content: bytes.NewReader(content)}
}

// stored lists the files under the storage directory.
func (f *fixture) stored() []string {
	f.t.Helper()
	var out []string
	require.NoError(f.t, filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	}))
	return out
}

func (f *fixture) count(table string) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.st.Pool.QueryRow(f.t.Context(), "SELECT count(*) FROM "+table+" WHERE org_id = $1", f.org.Org.ID).Scan(&n))
	return n
}

func (f *fixture) outbox() int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.st.Pool.QueryRow(f.t.Context(), "SELECT count(*) FROM chat_signal_outbox WHERE chat_id = $1", f.chat.ID).Scan(&n))
	return n
}

func TestUploadStoresFileRowAndMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	content := append(append([]byte{}, samples["png"]...), bytes.Repeat([]byte{7}, 20_000)...)
	in := f.input(`C:\fakepath\Screen shot.PNG`, content)
	in.Caption = "  the error I see  "
	m, att, created, err := f.svc.Upload(t.Context(), in)
	require.NoError(t, err)
	require.True(t, created)

	require.Equal(t, "attachment", m.Kind)
	require.Equal(t, "the error I see", m.Body)
	require.Equal(t, "agent", m.SenderKind)
	require.Equal(t, &f.agent, m.SenderID)
	require.Equal(t, &att.ID, m.AttachmentID)

	require.Equal(t, "Screen shot.PNG", att.Filename)
	require.Equal(t, "image/png", att.ContentType, "the type comes from the checked content, not the client")
	require.EqualValues(t, len(content), att.SizeBytes)
	require.Equal(t, f.chat.ID, att.ChatID)
	require.Equal(t, "agent", att.UploaderKind)
	require.True(t, strings.HasPrefix(att.StorageKey, f.org.Org.ID.String()+"/"))

	rc, err := f.svc.Open(t.Context(), att)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	require.Equal(t, content, got)
	require.Len(t, f.stored(), 1)
	require.Zero(t, f.outbox(), "as for any message, the chat workflow reads it at its deadlines (decision 32)")

	// The message event carries the attachment.
	var payload []byte
	require.NoError(t, f.st.Pool.QueryRow(t.Context(),
		`SELECT payload FROM events WHERE org_id = $1 AND type = 'message.created' ORDER BY seq DESC LIMIT 1`, f.org.Org.ID).Scan(&payload))
	require.Contains(t, string(payload), att.ID.String())
	require.Contains(t, string(payload), `"filename": "Screen shot.PNG"`)
}

func TestUploadRetryWithSameKeyStoresNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := f.input("notes.txt", []byte("first"))
	in.IdempotencyKey = "upload-1"
	m1, a1, created, err := f.svc.Upload(t.Context(), in)
	require.NoError(t, err)
	require.True(t, created)

	in = f.input("other.txt", []byte("second"))
	in.IdempotencyKey = "upload-1"
	m2, a2, created, err := f.svc.Upload(t.Context(), in)
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, m1.ID, m2.ID)
	require.Equal(t, a1.ID, a2.ID)
	require.Equal(t, "notes.txt", a2.Filename)
	require.Len(t, f.stored(), 1)
	require.Equal(t, 1, f.count("attachments"))
	require.Equal(t, 1, f.count("messages"))
}

func TestConcurrentRetriesStoreOneFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const n = 6
	var wg sync.WaitGroup
	ids := make([]uuid.UUID, n)
	createdCount := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			in := f.input("log.txt", []byte(strings.Repeat("line\n", 1000)))
			in.IdempotencyKey = "same"
			m, att, created, err := f.svc.Upload(t.Context(), in)
			if err == nil && (m.AttachmentID == nil || *m.AttachmentID != att.ID) {
				err = errors.New("the message and the attachment returned do not match")
			}
			ids[i], createdCount[i], errs[i] = m.ID, created, err
		})
	}
	wg.Wait()
	created := 0
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, ids[0], ids[i], "every retry answers the same message")
		if createdCount[i] {
			created++
		}
	}
	require.Equal(t, 1, created)
	require.Len(t, f.stored(), 1, "the losers' files are deleted")
	require.Equal(t, 1, f.count("attachments"), "and their rows")
	require.Equal(t, 1, f.count("messages"))
}

func TestRefusedUploadsStoreNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.MaxBytes = 4 * sniffLen
	long := strings.Repeat("ok text\n", sniffLen/4) // 2 sniff windows
	for name, c := range map[string]struct {
		in   UploadInput
		kind apperr.Kind
		code string
	}{
		"extension":     {f.input("setup.exe", []byte("MZ")), apperr.Unsupported, "file_type_not_allowed"},
		"no name":       {f.input(" ", []byte("x")), apperr.Invalid, "validation_failed"},
		"mismatch":      {f.input("photo.png", samples["pdf"]), apperr.Unprocessable, "file_content_mismatch"},
		"bad text late": {f.input("a.txt", []byte(long+"\x00")), apperr.Unprocessable, "file_content_mismatch"},
		"empty":         {f.input("a.txt", nil), apperr.Unprocessable, "file_empty"},
		"too large":     {f.input("a.txt", []byte(long+long+long)), apperr.TooLarge, "file_too_large"},
		"caption": {func() UploadInput {
			in := f.input("a.txt", []byte("x"))
			in.Caption = strings.Repeat("é", 4001)
			return in
		}(), apperr.Invalid, "validation_failed"},
		"idempotency key": {func() UploadInput {
			in := f.input("a.txt", []byte("x"))
			in.IdempotencyKey = strings.Repeat("k", 101)
			return in
		}(), apperr.Invalid, "validation_failed"},
	} {
		_, _, _, err := f.svc.Upload(t.Context(), c.in)
		requireCode(t, err, c.kind, c.code, name)
	}
	require.Empty(t, f.stored())
	require.Equal(t, 0, f.count("attachments"))
	require.Equal(t, 0, f.count("messages"))
}

func TestFailedDatabaseWriteDeletesTheFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	// The attachment row cannot be written: no such chat.
	in := f.input("a.txt", []byte("hello"))
	in.ChatID = uuid.Must(uuid.NewV7())
	_, _, _, err := f.svc.Upload(t.Context(), in)
	require.Error(t, err)
	_, isUser := apperr.As(err)
	require.False(t, isUser)
	require.Empty(t, f.stored())

	// The message cannot be written (the chats service's database is
	// gone): the attachment row goes too.
	pool, err := pgxpool.New(t.Context(), f.dbURL)
	require.NoError(t, err)
	pool.Close()
	f.svc.Chats = &chats.Service{Store: store.New(pool)}
	_, _, _, err = f.svc.Upload(t.Context(), f.input("a.txt", []byte("hello")))
	require.ErrorContains(t, err, "post message")
	require.Empty(t, f.stored())
	require.Equal(t, 0, f.count("attachments"))
	require.Equal(t, 0, f.count("messages"))
}

// failingStore fails every Put after reading the content.
type failingStore struct{ storage.Store }

func (failingStore) Put(_ context.Context, _ string, r io.Reader) (int64, error) {
	_, _ = io.Copy(io.Discard, r)
	return 0, errors.New("disk full")
}

func TestStorageFailureWritesNoRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.Storage = failingStore{f.svc.Storage}
	_, _, _, err := f.svc.Upload(t.Context(), f.input("a.txt", []byte("hello")))
	require.ErrorContains(t, err, "disk full")
	require.Equal(t, 0, f.count("attachments"))
	require.Equal(t, 0, f.count("messages"))
}
