package accounts

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

func normalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidEmail reports whether email is one plain address.
func ValidEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	return err == nil && len(email) <= 254 && addr.Address == email
}

func validateEmail(fields map[string]string, name, email string) {
	email = strings.TrimSpace(email)
	switch {
	case email == "":
		fields[name] = "required"
	case !ValidEmail(email):
		fields[name] = "not a valid email address"
	}
}

func validateName(fields map[string]string, field, name string) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		fields[field] = "required"
	case utf8.RuneCountInString(name) > 200:
		fields[field] = "at most 200 characters"
	}
}

func validatePassword(fields map[string]string, field, password string) {
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		fields[field] = "at least 10 characters"
	case len(password) > MaxPasswordLength:
		fields[field] = "at most 256 bytes"
	}
}
