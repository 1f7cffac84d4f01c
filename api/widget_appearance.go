package api

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"livechat/store/db"
)

// WidgetLanguages are the languages the widget is translated into.
var WidgetLanguages = []string{"en", "fr", "de", "es", "nl", "pt"}

// Limits of a widget's texts, in characters.
const (
	maxWidgetTitle    = 60
	maxWidgetGreeting = 500
)

var hexColor = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// widgetAppearance is how the widget looks on the customer's website.
type widgetAppearance struct {
	Color    string `json:"color"`
	Title    string `json:"title"`
	Greeting string `json:"greeting"`
	Position string `json:"position"`
	Language string `json:"language"`
}

// defaultAppearance is a new widget's look (the migration's column defaults).
var defaultAppearance = widgetAppearance{
	Color: "#2563eb", Title: "Chat with us", Greeting: "Hi! How can we help you today?", Position: "right", Language: "en",
}

func appearanceOf(w db.Widget) widgetAppearance {
	return widgetAppearance{Color: w.Color, Title: w.Title, Greeting: w.Greeting, Position: w.Position, Language: w.Language}
}

// widgetAppearanceRequest changes the fields it names.
type widgetAppearanceRequest struct {
	Color    *string `json:"color"`
	Title    *string `json:"title"`
	Greeting *string `json:"greeting"`
	Position *string `json:"position"`
	Language *string `json:"language"`
}

// apply validates the named fields into f and copies them onto w.
func (r widgetAppearanceRequest) apply(w *db.Widget, f map[string]string) {
	if r.Color != nil {
		w.Color = strings.ToLower(strings.TrimSpace(*r.Color))
		if !hexColor.MatchString(w.Color) {
			f["color"] = "a colour as #rrggbb"
		}
	}
	if r.Title != nil {
		w.Title = strings.TrimSpace(*r.Title)
		if n := utf8.RuneCountInString(w.Title); n == 0 || n > maxWidgetTitle {
			f["title"] = "1 to 60 characters"
		}
	}
	if r.Greeting != nil {
		w.Greeting = strings.TrimSpace(*r.Greeting)
		if utf8.RuneCountInString(w.Greeting) > maxWidgetGreeting {
			f["greeting"] = "at most 500 characters"
		}
	}
	if r.Position != nil {
		w.Position = *r.Position
		if w.Position != "right" && w.Position != "left" {
			f["position"] = "right or left"
		}
	}
	if r.Language != nil {
		w.Language = *r.Language
		if !slices.Contains(WidgetLanguages, w.Language) {
			f["language"] = "one of " + strings.Join(WidgetLanguages, ", ")
		}
	}
}
