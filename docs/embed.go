// Package docs embeds the documents the running service serves itself,
// such as the OpenAPI description of /api/v1.
package docs

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document of the HTTP API (docs/openapi.json).
//
//go:embed openapi.json
var OpenAPI []byte
