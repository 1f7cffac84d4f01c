package notify

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Channels a notification can go out on.
const (
	ChannelBrowser = "browser" // an event on the agent's socket: sound, desktop notification, badge
	ChannelEmail   = "email"
	ChannelSMS     = "sms"
)

// Kinds of notifications.
const (
	KindChatAssigned      = "chat_assigned"
	KindChatOffered       = "chat_offered"
	KindTransferRequested = "transfer_requested"
	KindTransferAccepted  = "transfer_accepted"
	KindTransferRejected  = "transfer_rejected"
	KindTransferExpired   = "transfer_expired"
	KindChatWaiting       = "chat_waiting"
	KindChatWaitExceeded  = "chat_wait_exceeded"
	// KindInvitation is the invitation email to a future member; it has no
	// preferences (the person is not a member yet).
	KindInvitation = "invitation"
)

// KindInfo describes one kind of notification: the channels it may use, the
// built-in default of each, and its wording. Detail is a format with one %s:
// who the chat is with.
type KindInfo struct {
	Kind     string
	Channels []string
	Defaults []string // channels on unless the organisation or the member says otherwise
	Title    string
	Detail   string
}

// catalog lists the kinds members can choose, in display order.
var catalog = []KindInfo{
	{KindChatAssigned, all, all, "New chat assigned to you", "A chat with %s was assigned to you."},
	{KindChatOffered, all, []string{ChannelBrowser, ChannelSMS}, "A chat is offered to you",
		"A chat with %s is offered to you: accept it before the offer runs out."},
	{KindTransferRequested, all, all, "Transfer request", "You are asked to take over the chat with %s."},
	{KindTransferAccepted, webAndEmail, browserOnly, "Transfer accepted", "Your transfer of the chat with %s was accepted."},
	{KindTransferRejected, webAndEmail, browserOnly, "Transfer rejected",
		"Your transfer of the chat with %s was rejected; the chat stays with you."},
	{KindTransferExpired, webAndEmail, browserOnly, "Transfer expired",
		"Nobody answered your transfer of the chat with %s; the chat stays with you."},
	{KindChatWaiting, browserOnly, browserOnly, "New chat waiting", "A chat with %s is waiting in your team's queue."},
	{KindChatWaitExceeded, all, webAndEmail, "A chat is waiting too long",
		"A chat with %s has been waiting longer than the team's alert threshold."},
}

var (
	all         = []string{ChannelBrowser, ChannelEmail, ChannelSMS}
	webAndEmail = []string{ChannelBrowser, ChannelEmail}
	browserOnly = []string{ChannelBrowser}
)

// Catalog returns the kinds members can choose, in display order.
func Catalog() []KindInfo { return slices.Clone(catalog) }

// LookupKind returns the description of a kind in the catalog.
func LookupKind(kind string) (KindInfo, bool) {
	for _, k := range catalog {
		if k.Kind == kind {
			return k, true
		}
	}
	return KindInfo{}, false
}

// Preferences are choices per kind and channel: {"chat_assigned": {"sms":
// false}}. A missing entry means "as the level below says".
type Preferences map[string]map[string]bool

// ParsePreferences reads a stored preferences document; an empty one is no
// choices.
func ParsePreferences(raw []byte) (Preferences, error) {
	p := Preferences{}
	if len(raw) == 0 {
		return p, nil
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("notify: preferences: %w", err)
	}
	return p, nil
}

// Validate reports the first choice of a kind or channel the catalog does
// not allow, as a field name and a message.
func (p Preferences) Validate() (field, message string, ok bool) {
	for kind, channels := range p {
		info, known := LookupKind(kind)
		if !known {
			return kind, "unknown notification kind", false
		}
		for ch := range channels {
			if !slices.Contains(info.Channels, ch) {
				return kind + "." + ch, fmt.Sprintf("%s notifications can go to: %s", kind, strings.Join(info.Channels, ", ")), false
			}
		}
	}
	return "", "", true
}

// Effective resolves every kind and allowed channel: the member's choice,
// else the organisation's, else the built-in default.
func Effective(org, member Preferences) Preferences {
	out := make(Preferences, len(catalog))
	for _, k := range catalog {
		row := make(map[string]bool, len(k.Channels))
		for _, ch := range k.Channels {
			row[ch] = slices.Contains(k.Defaults, ch)
			if v, ok := org[k.Kind][ch]; ok {
				row[ch] = v
			}
			if v, ok := member[k.Kind][ch]; ok {
				row[ch] = v
			}
		}
		out[k.Kind] = row
	}
	return out
}

// Channels lists, in catalog order, the channels a kind goes out on under
// the effective preferences.
func (p Preferences) Channels(kind string) []string {
	info, ok := LookupKind(kind)
	if !ok {
		return nil
	}
	var out []string
	for _, ch := range info.Channels {
		if p[kind][ch] {
			out = append(out, ch)
		}
	}
	return out
}
