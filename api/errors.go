package api

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"livechat/apperr"
	"livechat/store"
)

// errorBody is the one shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

var errRouteNotFound = apperr.New(apperr.NotFound, "route_not_found", "no such API endpoint")

var kindStatus = map[apperr.Kind]int{
	apperr.Invalid:         http.StatusBadRequest,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Conflict:        http.StatusConflict,
	apperr.Unsupported:     http.StatusUnsupportedMediaType,
	apperr.RateLimited:     http.StatusTooManyRequests,
	apperr.Unavailable:     http.StatusServiceUnavailable,
	apperr.TooLarge:        http.StatusRequestEntityTooLarge,
	apperr.Unprocessable:   http.StatusUnprocessableEntity,
}

// fiberCodes names Fiber's own errors (routing, body limits, …).
var fiberCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "payload_too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusRequestTimeout:        "timeout",
}

// handleError maps every error a handler returns to a status and a JSON
// body. Unknown errors are 500s with a generic message; their details go to
// the log with the request id (by logRequests).
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	body := errorDetail{Code: "internal", Message: "internal error; quote request id " + requestID(c)}
	var fe *fiber.Error
	if ae, ok := apperr.As(err); ok {
		status = kindStatus[ae.Kind]
		body = errorDetail{Code: ae.Code, Message: ae.Message, Fields: ae.Fields}
	} else if errors.As(err, &fe) {
		status = fe.Code
		code, known := fiberCodes[fe.Code]
		if !known {
			code = "error"
		}
		body = errorDetail{Code: code, Message: fe.Message}
		if fe.Code == http.StatusRequestEntityTooLarge {
			body.Message = s.bodyTooLargeMessage(c)
		}
	}
	return c.Status(status).JSON(errorBody{Error: body})
}

// notFoundOr turns store.ErrNotFound into a 404 with the given message and
// passes any other error through.
func notFoundOr(err error, format string, args ...any) error {
	if errors.Is(store.Err(err), store.ErrNotFound) {
		return apperr.New(apperr.NotFound, "not_found", format, args...)
	}
	return err
}
