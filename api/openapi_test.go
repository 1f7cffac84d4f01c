package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/docs"
	"livechat/workflows"
)

// openAPIMethods are the operation keys of an OpenAPI path item.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// fiberParam matches a Fiber path parameter such as :teamID (or :id?).
var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)\??`)

// openAPIPath turns a Fiber route path into its OpenAPI form: /teams/:teamID → /teams/{teamID}.
func openAPIPath(p string) string { return fiberParam.ReplaceAllString(p, "{$1}") }

type openAPIOperation struct {
	method, path string
	op           map[string]any
	item         map[string]any
}

// loadOpenAPI parses docs.OpenAPI and lists its operations.
func loadOpenAPI(t *testing.T) (map[string]any, []openAPIOperation) {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(docs.OpenAPI, &doc), "docs/openapi.json is not valid JSON")
	paths, ok := doc["paths"].(map[string]any)
	require.True(t, ok, "docs/openapi.json has no paths object")
	var ops []openAPIOperation
	for path, rawItem := range paths {
		item, ok := rawItem.(map[string]any)
		require.True(t, ok, "path item %s is not an object", path)
		for _, m := range openAPIMethods {
			if rawOp, ok := item[m]; ok {
				op, ok := rawOp.(map[string]any)
				require.True(t, ok, "%s %s is not an object", strings.ToUpper(m), path)
				ops = append(ops, openAPIOperation{method: strings.ToUpper(m), path: path, op: op, item: item})
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	return doc, ops
}

func TestOpenAPIIsValidJSON31(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	version, _ := doc["openapi"].(string)
	require.True(t, strings.HasPrefix(version, "3.1"), "openapi version is %q, want 3.1.x", version)
	info, ok := doc["info"].(map[string]any)
	require.True(t, ok, "info is missing")
	require.NotEmpty(t, info["title"])
	require.NotEmpty(t, info["version"])
	servers, ok := doc["servers"].([]any)
	require.True(t, ok && len(servers) == 1, "want exactly one server")
	require.Equal(t, "/api/v1", servers[0].(map[string]any)["url"])
}

// TestOpenAPIMatchesRoutes keeps the document in step with the route table:
// every route is documented and nothing else is.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	_, ops := loadOpenAPI(t)
	documented := map[string]bool{}
	for _, o := range ops {
		documented[o.method+" "+o.path] = true
	}
	routed := map[string]bool{}
	for _, r := range (&Server{}).routes() {
		key := r.method + " " + openAPIPath(r.path)
		require.False(t, routed[key], "route %s is in the route table twice", key)
		routed[key] = true
	}

	var missing, extra []string
	for k := range routed {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !routed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	var msg strings.Builder
	if len(missing) > 0 {
		fmt.Fprintf(&msg, "routes missing from docs/openapi.json:\n  %s\n", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&msg, "operations in docs/openapi.json without a route:\n  %s\n", strings.Join(extra, "\n  "))
	}
	require.True(t, len(missing) == 0 && len(extra) == 0, msg.String())
}

func TestOpenAPIOperations(t *testing.T) {
	_, ops := loadOpenAPI(t)
	ids := map[string]string{}
	for _, o := range ops {
		name := o.method + " " + o.path
		id, _ := o.op["operationId"].(string)
		require.NotEmpty(t, id, "%s has no operationId", name)
		if prev, dup := ids[id]; dup {
			require.Failf(t, "duplicate operationId", "%s and %s both use operationId %q", prev, name, id)
		}
		ids[id] = name

		responses, _ := o.op["responses"].(map[string]any)
		success := false
		for status := range responses {
			if len(status) == 3 && status[0] == '2' || status == "101" { // 101: WebSocket upgrades
				success = true
			}
		}
		require.True(t, success, "%s has no 2xx response", name)
	}
}

// TestOpenAPIParametersAndSecurity checks each operation declares its path
// parameters and the security and minimum role of its route.
func TestOpenAPIParametersAndSecurity(t *testing.T) {
	doc, ops := loadOpenAPI(t)
	byKey := map[string]openAPIOperation{}
	for _, o := range ops {
		byKey[o.method+" "+o.path] = o
	}
	for _, r := range (&Server{}).routes() {
		name := r.method + " " + openAPIPath(r.path)
		o, ok := byKey[name]
		if !ok {
			continue // reported by TestOpenAPIMatchesRoutes
		}

		declared := map[string]bool{}
		for _, list := range []any{o.item["parameters"], o.op["parameters"]} {
			params, _ := list.([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if ref, ok := pm["$ref"].(string); ok {
					resolved, err := resolveRef(doc, ref)
					require.NoError(t, err, "%s: parameter %s", name, ref)
					pm, _ = resolved.(map[string]any)
				}
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
				}
			}
		}
		for _, m := range fiberParam.FindAllStringSubmatch(r.path, -1) {
			require.True(t, declared[m[1]], "%s does not declare path parameter %q", name, m[1])
		}

		security, hasSecurity := o.op["security"].([]any)
		require.True(t, hasSecurity, "%s has no security list", name)
		schemes := map[string]bool{}
		for _, req := range security {
			for s := range req.(map[string]any) {
				schemes[s] = true
			}
		}
		description, _ := o.op["description"].(string)
		switch r.access {
		case public:
			require.Empty(t, security, "%s is public: want security []", name)
		case member:
			require.Equal(t, map[string]bool{"session": true}, schemes, "%s is for members only", name)
		case memberOrKey:
			require.Equal(t, map[string]bool{"session": true, "apiKey": true}, schemes, "%s takes members or API keys", name)
		case visitorAccess:
			require.Equal(t, map[string]bool{"visitorToken": true}, schemes, "%s is for widget visitors", name)
		}
		if r.access == member || r.access == memberOrKey {
			require.Contains(t, description, fmt.Sprintf("Minimum role: %s.", r.role), "%s: description must name the minimum role", name)
		}
	}
}

// TestOpenAPIRefsResolve checks every $ref points at an existing entry of components.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if s, ok := child.(string); ok && k == "$ref" {
					refs = append(refs, s)
					continue
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(doc)
	require.NotEmpty(t, refs)
	var broken []string
	for _, ref := range refs {
		if !strings.HasPrefix(ref, "#/components/") {
			broken = append(broken, ref+" (not under #/components/)")
			continue
		}
		if _, err := resolveRef(doc, ref); err != nil {
			broken = append(broken, ref+" ("+err.Error()+")")
		}
	}
	require.Empty(t, broken, "unresolved $ref in docs/openapi.json")
}

// TestOpenAPISchemasMatchStructs checks the documented schemas have exactly
// the JSON fields of the request and response structs, and that response
// fields always present are required.
func TestOpenAPISchemasMatchStructs(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, c := range map[string]struct {
		v        any
		response bool
	}{
		"Error":                   {errorBody{}, true},
		"Session":                 {sessionResponse{}, true},
		"UserRef":                 {userRef{}, true},
		"OrganizationRef":         {orgRef{}, true},
		"LoginRequest":            {loginRequest{}, false},
		"PresenceRequest":         {presenceRequest{}, false},
		"Presence":                {presenceResponse{}, true},
		"Member":                  {memberResponse{}, true},
		"UpdateMemberRequest":     {updateMemberRequest{}, false},
		"Invitation":              {invitationResponse{}, true},
		"CreateInvitationRequest": {createInvitationRequest{}, false},
		"InvitationLookup":        {invitationLookupResponse{}, true},
		"AcceptInvitationRequest": {acceptInvitationRequest{}, false},
		"Team":                    {teamResponse{}, true},
		"CreateTeamRequest":       {createTeamRequest{}, false},
		"TeamPatch":               {teamPatch{}, false},
		"TeamMember":              {teamMemberResponse{}, true},
		"APIKey":                  {apiKeyResponse{}, true},
		"CreateAPIKeyRequest":     {createAPIKeyRequest{}, false},
		"AuditEntry":              {auditEntry{}, true},
		"ScheduleHour":            {scheduleHour{}, true},
		"ScheduleHoliday":         {scheduleHoliday{}, true},
		"ScheduleHolidayInput":    {scheduleHoliday{}, false},
		"ScheduleRequest":         {scheduleRequest{}, false},
		"Schedule":                {scheduleResponse{}, true},
		"BlacklistEntry":          {blacklistEntry{}, true},
		"CreateBlacklistRequest":  {createBlacklistRequest{}, false},
		"CannedResponse":          {cannedResponse{}, true},
		"CreateCannedRequest":     {createCannedRequest{}, false},
		"CannedResponsePatch":     {cannedPatch{}, false},
		"CannedExpansion":         {cannedExpansion{}, true},
		"Chat":                    {chatResponse{}, true},
		"ChatView":                {workflows.ChatView{}, true},
		"Message":                 {messageResponse{}, true},
		"PostMessageRequest":      {postMessageRequest{}, false},
		"ChatEvent":               {chatEventResponse{}, true},
		"HandoffRequest":          {handoffRequest{}, false},
		"HandoffContact":          {handoffContact{}, false},
		"HandoffMessage":          {handoffMessage{}, false},
		"AssignRequest":           {assignRequest{}, false},
		"EndRequest":              {endRequest{}, false},
		"TransferRequest":         {transferRequest{}, false},
		"AnswerRequest":           {answerRequest{}, false},
		"PromptAnswerRequest":     {promptAnswerRequest{}, false},
		"Widget":                  {widgetResponse{}, true},
		"CreateWidgetRequest":     {widgetRequest{}, false},
		"WidgetPatch":             {widgetRequest{}, false},
		"IdentitySecret":          {identitySecretResponse{}, true},
		"WidgetRef":               {widgetRef{}, true},
		"VisitorSessionRequest":   {visitorSessionRequest{}, false},
		"VisitorSession":          {visitorSessionResponse{}, true},
		"VisitorSessionInfo":      {visitorSessionInfo{}, true},
		"VisitorChat":             {visitorChatResponse{}, true},
		"VisitorSendRequest":      {visitorSendRequest{}, false},
		"VisitorSendResult":       {visitorSendResponse{}, true},
		"TypingRequest":           {typingRequest{}, false},
		"ReadRequest":             {readRequest{}, false},
		"ReadResult":              {readResponse{}, true},
		"VisitorAgent":            {visitorAgent{}, true},
		"WidgetConfig":            {widgetConfigResponse{}, true},
	} {
		schema, ok := schemas[name].(map[string]any)
		require.True(t, ok, "components/schemas/%s is missing", name)
		props, _ := schema["properties"].(map[string]any)
		documented := make([]string, 0, len(props))
		for p := range props {
			documented = append(documented, p)
		}
		required := map[string]bool{}
		if list, ok := schema["required"].([]any); ok {
			for _, r := range list {
				required[r.(string)] = true
			}
		}
		var fields []string
		typ := reflect.TypeOf(c.v)
		for _, f := range jsonFields(typ) {
			fields = append(fields, f.name)
			if c.response && !f.omitempty {
				require.True(t, required[f.name], "%s.%s is always sent: list it in required", name, f.name)
			}
		}
		require.ElementsMatch(t, fields, documented, "components/schemas/%s properties differ from %s's JSON fields", name, typ.Name())
	}
}

type jsonField struct {
	name      string
	omitempty bool
}

// jsonFields lists the JSON fields of a struct type as encoding/json sees
// them: untagged embedded structs contribute their own fields.
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if tag == "" || tag == "-" {
			continue
		}
		out = append(out, jsonField{name: tag, omitempty: opts == "omitempty"})
	}
	return out
}

// resolveRef follows a local JSON pointer such as #/components/schemas/Team.
func resolveRef(doc map[string]any, ref string) (any, error) {
	pointer, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("not a local reference")
	}
	var cur any = doc
	for _, tok := range strings.Split(pointer, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("no entry %q", tok)
		}
	}
	return cur, nil
}
