package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"livechat/apperr"
)

// decode reads a JSON request body into dst, refusing other content types,
// unknown fields, trailing data and malformed JSON with a clear message.
func decode(c *fiber.Ctx, dst any) error {
	if ct, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); err != nil || ct != fiber.MIMEApplicationJSON {
		return apperr.New(apperr.Unsupported, "unsupported_media_type", "send the body as application/json")
	}
	raw := c.Body() // decompressed when sent with a Content-Encoding
	if len(raw) > BodyLimit {
		return errBodyTooLarge
	}
	body := bytes.TrimSpace(raw)
	if len(body) == 0 {
		return apperr.New(apperr.Invalid, "malformed_json", "the request body is empty; send a JSON object")
	}
	if body[0] != '{' {
		return apperr.New(apperr.Invalid, "malformed_json", "the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return apperr.New(apperr.Invalid, "malformed_json", "%s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "malformed_json", "unexpected data after the JSON object")
	}
	return nil
}

// errBodyTooLarge refuses a body over BodyLimit.
var errBodyTooLarge = apperr.New(apperr.TooLarge, "payload_too_large", "the request body is larger than 1 MiB")

// isMultipart says whether the request body is multipart/form-data.
func isMultipart(c *fiber.Ctx) bool {
	ct, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	return err == nil && ct == fiber.MIMEMultipartForm
}

func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typeErr):
		if typeErr.Field != "" {
			return fmt.Sprintf("field %q must be %s", typeErr.Field, typeErr.Type)
		}
		return "the body must be a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON body ends too early"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		return "invalid JSON body: " + err.Error()
	}
}

// pathID parses a UUID route parameter, answering 404 for anything else so
// malformed ids look like unknown ones.
func pathID(c *fiber.Ctx, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params(name))
	if err != nil {
		return uuid.Nil, apperr.New(apperr.NotFound, "not_found", "no %s %q", strings.TrimSuffix(name, "ID"), c.Params(name))
	}
	return id, nil
}

// required reports the named values that are blank as one validation error.
func required(values map[string]string) error {
	fields := map[string]string{}
	for name, v := range values {
		if strings.TrimSpace(v) == "" {
			fields[name] = "required"
		}
	}
	if len(fields) > 0 {
		return apperr.Validation(fields)
	}
	return nil
}

// idString renders an optional id as an optional string.
func idString(id *uuid.UUID) *string {
	if id == nil {
		return nil
	}
	s := id.String()
	return &s
}

// parseLimit reads a page size query parameter: a whole number from 1 to 200.
func parseLimit(v string) (int32, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 200 {
		return 0, apperr.Validation(map[string]string{"limit": "a whole number between 1 and 200"})
	}
	return int32(n), nil
}

// nextBefore is the cursor of a list's next page (its last id, passed back
// as ?before=), or nil when the page was not full.
func nextBefore(ids []uuid.UUID, limit int32) *string {
	if len(ids) < int(limit) || len(ids) == 0 {
		return nil
	}
	s := ids[len(ids)-1].String()
	return &s
}
