package activities_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"livechat/accounts"
	"livechat/activities"
	"livechat/notify"
	"livechat/store"
	"livechat/store/db"
	"livechat/store/storetest"
)

const (
	testSecret = "activities-test-secret-0123456789abcdef"
	publicURL  = "https://chat.example.test"
	inviteeTo  = "new.agent@example.test"
)

// fakeSendGrid speaks just enough of SendGrid's v3 Mail Send API.
type fakeSendGrid struct {
	*httptest.Server
	status int
	hits   atomic.Int32

	mu   sync.Mutex
	body []byte
	path string
}

func newFakeSendGrid(t *testing.T, status int) *fakeSendGrid {
	t.Helper()
	f := &fakeSendGrid{status: status}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.body, f.path = body, r.URL.Path
		f.mu.Unlock()
		f.hits.Add(1)
		if f.status >= 300 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.status)
			_, _ = io.WriteString(w, `{"errors":[{"message":"refused by fake","field":null}]}`)
			return
		}
		w.Header().Set("X-Message-Id", "fake-msg-1")
		w.WriteHeader(f.status)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSendGrid) mailer() notify.Mailer {
	return notify.NewSendGridMailer(notify.SendGridConfig{APIKey: "SG.test", FromEmail: "noreply@livechat.test", Host: f.URL})
}

// sentMail is the part of the v3 Mail Send body the tests check.
type sentMail struct {
	Personalizations []struct {
		To []struct{ Email string } `json:"to"`
	} `json:"personalizations"`
	Content []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"content"`
}

func (f *fakeSendGrid) lastMail(t *testing.T) sentMail {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.Equal(t, "/v3/mail/send", f.path)
	var m sentMail
	require.NoError(t, json.Unmarshal(f.body, &m))
	return m
}

// fixture is a database with one pending invitation.
type fixture struct {
	st     *store.Store
	signer accounts.Signer
	inv    db.Invitation
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	st, _ := storetest.NewDatabase(t)
	signer := accounts.NewSigner(testSecret)
	svc := accounts.NewService(st, signer)
	org, err := svc.CreateOrganization(ctx, accounts.NewOrganization{
		Name: "Acme Support", Slug: "acme", OwnerEmail: "olivia@example.test", OwnerName: "Olivia Owner", OwnerPassword: "correct horse battery",
	})
	require.NoError(t, err)
	owner := accounts.Principal{OrgID: org.Org.ID, UserID: org.Owner.ID, Role: accounts.RoleOwner}
	inv, err := svc.Invite(ctx, owner, inviteeTo, accounts.RoleAgent, []uuid.UUID{org.Inbox.ID})
	require.NoError(t, err)
	return fixture{st: st, signer: signer, inv: inv}
}

func (f fixture) activities(m notify.Mailer) *activities.Activities {
	return &activities.Activities{Store: f.st, Mailer: m, Signer: f.signer, PublicURL: publicURL}
}

func (f fixture) sentAt(t *testing.T) *time.Time {
	t.Helper()
	inv, err := f.st.GetInvitation(context.Background(), db.GetInvitationParams{OrgID: f.inv.OrgID, ID: f.inv.ID})
	require.NoError(t, err)
	return inv.SentAt
}

// send runs SendInvitationEmail in Temporal's activity test environment.
func send(t *testing.T, a *activities.Activities, invitationID string) (activities.InvitationDelivery, error) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	val, err := env.ExecuteActivity(a.SendInvitationEmail, invitationID)
	if err != nil {
		return activities.InvitationDelivery{}, err
	}
	var out activities.InvitationDelivery
	require.NoError(t, val.Get(&out))
	return out, nil
}

func TestSendInvitationEmailSendsOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sg := newFakeSendGrid(t, http.StatusAccepted)
	a := f.activities(sg.mailer())
	require.Nil(t, f.sentAt(t))

	got, err := send(t, a, f.inv.ID.String())
	require.NoError(t, err)
	require.Equal(t, activities.InvitationDelivery{Status: activities.DeliverySent, ProviderMessageID: "fake-msg-1"}, got)
	require.EqualValues(t, 1, sg.hits.Load())

	mail := sg.lastMail(t)
	require.Len(t, mail.Personalizations, 1)
	require.Len(t, mail.Personalizations[0].To, 1)
	require.Equal(t, inviteeTo, mail.Personalizations[0].To[0].Email)
	link := publicURL + "/accept-invite?token=" + f.signer.InvitationToken(f.inv.ID.String())
	types := map[string]bool{}
	for _, c := range mail.Content {
		types[c.Type] = true
		require.Contains(t, c.Value, link, "%s part carries the accept link", c.Type)
	}
	require.Equal(t, map[string]bool{"text/plain": true, "text/html": true}, types)
	require.NotNil(t, f.sentAt(t), "sent_at recorded")

	// A retry after success (or a second workflow) sends nothing.
	again, err := send(t, a, f.inv.ID.String())
	require.NoError(t, err)
	require.Equal(t, activities.DeliverySkipped, again.Status)
	require.EqualValues(t, 1, sg.hits.Load())
}

func TestSendInvitationEmailWithoutProvider(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.activities(notify.NewLogMailer(slog.New(slog.DiscardHandler)))

	got, err := send(t, a, f.inv.ID.String())
	require.NoError(t, err)
	require.Equal(t, activities.DeliveryNotConfigured, got.Status)
	require.Nil(t, f.sentAt(t), "not marked sent")
}

func TestSendInvitationEmailPermanentRefusalIsNotRetryable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sg := newFakeSendGrid(t, http.StatusBadRequest)

	_, err := send(t, f.activities(sg.mailer()), f.inv.ID.String())
	require.Error(t, err)
	require.True(t, temporal.IsApplicationError(err), "got %T: %v", err, err)
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr))
	require.True(t, appErr.NonRetryable(), "a 400 must not be retried: %v", err)
	require.EqualValues(t, 1, sg.hits.Load())
	require.Nil(t, f.sentAt(t))
}

func TestSendInvitationEmailProviderOutageIsRetryable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sg := newFakeSendGrid(t, http.StatusInternalServerError)

	_, err := send(t, f.activities(sg.mailer()), f.inv.ID.String())
	require.Error(t, err)
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "got %T: %v", err, err)
	require.False(t, appErr.NonRetryable(), "a 500 must be retried: %v", err)
	require.Contains(t, err.Error(), "500")
	require.EqualValues(t, 1, sg.hits.Load())
	require.Nil(t, f.sentAt(t))
}

func TestSendInvitationEmailSkipsRevokedAndAccepted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	sg := newFakeSendGrid(t, http.StatusAccepted)
	n, err := f.st.RevokeInvitation(ctx, db.RevokeInvitationParams{OrgID: f.inv.OrgID, ID: f.inv.ID})
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

	got, err := send(t, f.activities(sg.mailer()), f.inv.ID.String())
	require.NoError(t, err)
	require.Equal(t, activities.DeliverySkipped, got.Status)
	require.Zero(t, sg.hits.Load())
}

func TestSendInvitationEmailUnknownOrBadIDIsNotRetryable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sg := newFakeSendGrid(t, http.StatusAccepted)
	for _, id := range []string{"not-a-uuid", uuid.NewString()} {
		_, err := send(t, f.activities(sg.mailer()), id)
		var appErr *temporal.ApplicationError
		require.True(t, errors.As(err, &appErr), "%s: got %v", id, err)
		require.True(t, appErr.NonRetryable(), id)
	}
	require.Zero(t, sg.hits.Load())
}
