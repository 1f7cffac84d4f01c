package notify

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func testInvitation() InvitationData {
	return InvitationData{
		OrgName:     "Acme",
		InviterName: "Grace Hopper",
		Role:        "agent",
		AcceptURL:   "https://chat.example.test/invitations/accept?token=tok_123&org=7",
		ExpiresAt:   time.Date(2030, 3, 14, 15, 9, 0, 0, time.UTC),
	}
}

func TestRenderInvitation(t *testing.T) {
	data := testInvitation()
	e, err := RenderEmail(TemplateInvitation, data)
	require.NoError(t, err)

	require.Empty(t, e.To)
	require.Equal(t, "You're invited to join Acme on Livechat", e.Subject)

	require.Contains(t, e.Text, data.AcceptURL)
	require.Contains(t, e.Text, "Grace Hopper has invited you to join Acme")
	require.Contains(t, e.Text, `"agent"`)
	require.Contains(t, e.Text, "14 March 2030 at 15:09 UTC")

	// In HTML the link's & is written &amp;, which a browser reads back as &.
	require.Contains(t, e.HTML, `href="`+html.EscapeString(data.AcceptURL)+`"`)
	require.Contains(t, e.HTML, "<strong>Grace Hopper</strong>")
	require.Contains(t, e.HTML, "14 March 2030 at 15:09 UTC")
	require.True(t, strings.HasPrefix(e.HTML, "<!DOCTYPE html>"))
}

func TestRenderInvitationWithoutInviter(t *testing.T) {
	data := testInvitation()
	data.InviterName = ""
	e, err := RenderEmail(TemplateInvitation, data)
	require.NoError(t, err)
	require.Contains(t, e.Text, "You have been invited to join Acme")
	require.Contains(t, e.HTML, "You have been invited to join")
}

func TestRenderInvitationEscapesHTML(t *testing.T) {
	data := testInvitation()
	data.OrgName = "<b>Acme & Co</b>"
	data.InviterName = `<script>alert("x")</script>`
	e, err := RenderEmail(TemplateInvitation, data)
	require.NoError(t, err)

	require.Contains(t, e.HTML, "&lt;b&gt;Acme &amp; Co&lt;/b&gt;")
	require.NotContains(t, e.HTML, "<b>Acme")
	require.NotContains(t, e.HTML, "<script>")
	// Plain text and the subject are not HTML: the name stays as typed.
	require.Contains(t, e.Text, "<b>Acme & Co</b>")
	require.Equal(t, "You're invited to join <b>Acme & Co</b> on Livechat", e.Subject)
}

func TestRenderInvitationNeutralisesUnsafeLink(t *testing.T) {
	data := testInvitation()
	data.AcceptURL = "javascript:alert(1)"
	e, err := RenderEmail(TemplateInvitation, data)
	require.NoError(t, err)
	require.NotContains(t, e.HTML, `href="javascript:`)
}

func TestRenderSubjectIsOneLine(t *testing.T) {
	data := testInvitation()
	data.OrgName = "Acme\r\nBcc: someone@example.test"
	e, err := RenderEmail(TemplateInvitation, data)
	require.NoError(t, err)
	require.NotContains(t, e.Subject, "\n")
	require.NotContains(t, e.Subject, "\r")
}

func TestRenderUnknownTemplate(t *testing.T) {
	_, err := RenderEmail("no-such-template", testInvitation())
	require.ErrorContains(t, err, `unknown email template "no-such-template"`)
}

func TestRenderWrongData(t *testing.T) {
	_, err := RenderEmail(TemplateInvitation, struct{ OrgName string }{"Acme"})
	require.Error(t, err)
	_, err = RenderEmail(TemplateInvitation, map[string]any{"OrgName": "Acme"})
	require.Error(t, err)
}

func TestRenderedInvitationIsSendable(t *testing.T) {
	e, err := RenderEmail(TemplateInvitation, testInvitation())
	require.NoError(t, err)
	e.To = "ana@example.test"
	require.NoError(t, e.validate())
}
