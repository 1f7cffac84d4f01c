// Package apperr defines the errors services return for user mistakes and
// refusals. Each carries a kind (which the API maps to an HTTP status), a
// stable machine code and a human message. Anything else is an internal error.
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error for the caller.
type Kind int

// The kinds of user-facing errors.
const (
	Invalid         Kind = iota + 1 // 400: the request is malformed or breaks a rule
	Unauthenticated                 // 401: no or bad credentials
	Forbidden                       // 403: authenticated, not allowed
	NotFound                        // 404: no such thing in the caller's organisation
	Conflict                        // 409: clashes with the current state
	Unsupported                     // 415: the body is not in a format the endpoint takes
	RateLimited                     // 429: too many attempts
	Unavailable                     // 503: a dependency is down; retry later
	TooLarge                        // 413: the body or file is larger than allowed
	Unprocessable                   // 422: well-formed, but the content breaks a rule (a file not of its type)
)

// Error is a user-facing error.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	// Fields names the request fields at fault (validation errors).
	Fields map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// New builds an error of a kind with a code and a formatted message.
func New(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Validation builds an Invalid error listing the fields at fault.
func Validation(fields map[string]string) *Error {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + ": " + fields[name]
	}
	msg := strings.Join(parts, "; ")
	return &Error{Kind: Invalid, Code: "validation_failed", Message: msg, Fields: fields}
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Common errors.
var (
	ErrNotFound  = New(NotFound, "not_found", "not found")
	ErrForbidden = New(Forbidden, "forbidden", "you are not allowed to do this")
)
