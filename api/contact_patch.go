package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"livechat/accounts"
	"livechat/apperr"
	"livechat/notify"
	"livechat/store/db"
)

// Limits of a contact's details.
const (
	maxContactName   = 200
	maxCustomKey     = 64
	maxCustomValue   = 1000
	maxTagLength     = 50
	maxContactStatus = 50
)

// contactPatch is the body of PATCH /contacts/{id}: absent (or null) fields
// keep their value; an empty email, phone or username clears it; custom
// fields and tags are replaced as a whole.
type contactPatch struct {
	Name         *string         `json:"name"`
	Email        *string         `json:"email"`
	Phone        *string         `json:"phone"`
	Username     *string         `json:"username"`
	CustomFields *map[string]any `json:"custom_fields"`
	Tags         *[]string       `json:"tags"`
	Status       *string         `json:"status"`
}

// apply validates the patch and writes it onto ct; it returns the names of
// the fields it changed.
func (req contactPatch) apply(ct *db.Contact) ([]string, error) {
	fields := map[string]string{}
	var changed []string
	if req.Name != nil {
		name := strings.TrimSpace(*req.Name)
		if utf8.RuneCountInString(name) > maxContactName {
			fields["name"] = "at most 200 characters"
		}
		ct.Name, changed = name, append(changed, "name")
	}
	if req.Email != nil {
		ct.Email, changed = blankToNil(strings.ToLower(*req.Email)), append(changed, "email")
		if ct.Email != nil && !accounts.ValidEmail(*ct.Email) {
			fields["email"] = "not a valid email address"
		}
	}
	if req.Phone != nil {
		ct.Phone, changed = blankToNil(normalizePhone(*req.Phone)), append(changed, "phone")
		if ct.Phone != nil && !notify.ValidE164(*ct.Phone) {
			fields["phone"] = "an international number in E.164 form, e.g. +14155550100"
		}
	}
	if req.Username != nil {
		ct.Username, changed = blankToNil(*req.Username), append(changed, "username")
		if ct.Username != nil && utf8.RuneCountInString(*ct.Username) > maxIdentifierSize {
			fields["username"] = "at most 200 characters"
		}
	}
	if req.CustomFields != nil {
		raw, msg := customFieldsJSON(*req.CustomFields)
		if msg != "" {
			fields["custom_fields"] = msg
		}
		ct.CustomFields, changed = raw, append(changed, "custom_fields")
	}
	if req.Tags != nil {
		tags, msg := normalizeTags(*req.Tags)
		if msg != "" {
			fields["tags"] = msg
		}
		ct.Tags, changed = tags, append(changed, "tags")
	}
	if req.Status != nil {
		status := strings.TrimSpace(*req.Status)
		if status == "" || utf8.RuneCountInString(status) > maxContactStatus {
			fields["status"] = "1 to 50 characters"
		}
		ct.Status, changed = status, append(changed, "status")
	}
	if len(fields) > 0 {
		return nil, apperr.Validation(fields)
	}
	return changed, nil
}

// customFieldsJSON checks custom fields (text, number or yes/no values) and
// encodes them; the message is empty when they are fine.
func customFieldsJSON(in map[string]any) ([]byte, string) {
	if len(in) > maxCustomFields {
		return nil, "at most 50 fields"
	}
	for k, v := range in {
		if k == "" || utf8.RuneCountInString(k) > maxCustomKey {
			return nil, "each name has 1 to 64 characters"
		}
		switch val := v.(type) {
		case string:
			if utf8.RuneCountInString(val) > maxCustomValue {
				return nil, fmt.Sprintf("%s: at most 1000 characters", k)
			}
		case float64, bool:
		default:
			return nil, fmt.Sprintf("%s: a text, a number or true/false", k)
		}
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return nil, "not encodable"
	}
	return raw, ""
}

// normalizeTags lowercases, trims, de-duplicates and sorts tags.
func normalizeTags(in []string) ([]string, string) {
	if len(in) > maxTags {
		return nil, "at most 50 tags"
	}
	out := make([]string, 0, len(in))
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || utf8.RuneCountInString(t) > maxTagLength {
			return nil, "each tag has 1 to 50 characters"
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, ""
}
