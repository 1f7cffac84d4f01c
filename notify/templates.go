package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"
	"time"
)

// Email templates live in templates/: for a template NAME, the files
// NAME.subject.txt, NAME.txt (text/template) and NAME.html (html/template,
// defining "title" and "content" for layout.html).
//
//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// TemplateInvitation is the email inviting someone to an organisation; its
// data is InvitationData.
const TemplateInvitation = "invitation"

// InvitationData is the data of TemplateInvitation.
type InvitationData struct {
	OrgName     string
	InviterName string // may be empty
	Role        string
	AcceptURL   string // the one-time link; must be http(s)
	ExpiresAt   time.Time
}

// TemplateAgentNotice tells an agent about work: a chat assigned to them, a
// transfer request, its outcome; its data is AgentNoticeData.
const TemplateAgentNotice = "agent_notice"

// AgentNoticeData is the data of TemplateAgentNotice.
type AgentNoticeData struct {
	OrgName   string
	AgentName string
	Headline  string // the subject, e.g. "New chat assigned to you"
	Detail    string // one sentence of what happened
	ChatURL   string // a link straight to the chat
}

// emailTemplate is one parsed email template.
type emailTemplate struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// emailTemplates holds every embedded template by name; parsed at start-up,
// so a broken template fails every test rather than a send in production.
var emailTemplates = mustParseTemplates(templateFS)

// RenderEmail renders the email template name with data and returns an Email
// with Subject, Text and HTML set; the caller fills in To and ToName. The
// subject is folded onto one line.
func RenderEmail(name string, data any) (Email, error) {
	t, ok := emailTemplates[name]
	if !ok {
		return Email{}, fmt.Errorf("notify: unknown email template %q", name)
	}
	var subject, text, html bytes.Buffer
	if err := t.subject.Execute(&subject, data); err != nil {
		return Email{}, fmt.Errorf("notify: render %s subject: %w", name, err)
	}
	if err := t.text.Execute(&text, data); err != nil {
		return Email{}, fmt.Errorf("notify: render %s text: %w", name, err)
	}
	if err := t.html.ExecuteTemplate(&html, "layout", data); err != nil {
		return Email{}, fmt.Errorf("notify: render %s html: %w", name, err)
	}
	return Email{
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// mustParseTemplates parses every NAME.subject.txt with its NAME.txt and
// NAME.html. It panics on a missing or broken file: they are embedded, so
// this is a build mistake.
func mustParseTemplates(fsys fs.FS) map[string]emailTemplate {
	subjects, err := fs.Glob(fsys, "templates/*.subject.txt")
	if err != nil || len(subjects) == 0 {
		panic(fmt.Sprintf("notify: no email templates embedded: %v", err))
	}
	out := make(map[string]emailTemplate, len(subjects))
	for _, path := range subjects {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".subject.txt")
		out[name] = emailTemplate{
			subject: texttemplate.Must(texttemplate.New(name+".subject.txt").
				Option("missingkey=error").ParseFS(fsys, path)),
			text: texttemplate.Must(texttemplate.New(name+".txt").
				Option("missingkey=error").ParseFS(fsys, "templates/"+name+".txt")),
			html: htmltemplate.Must(htmltemplate.New(name+".html").
				Option("missingkey=error").ParseFS(fsys, "templates/layout.html", "templates/"+name+".html")),
		}
	}
	return out
}
