package api

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/workflows"
)

// TestOpenAPIChatSchemasMatchStructs is TestOpenAPISchemasMatchStructs for
// the schedule, blacklist, hand-off and chat schemas: each documented schema
// has exactly the JSON fields of its struct, and response fields that are
// always sent are required.
func TestOpenAPIChatSchemasMatchStructs(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, c := range map[string]struct {
		v        any
		response bool
	}{
		"ScheduleHour":           {scheduleHour{}, true},
		"ScheduleHoliday":        {scheduleHoliday{}, true},
		"ScheduleHolidayInput":   {scheduleHoliday{}, false},
		"ScheduleRequest":        {scheduleRequest{}, false},
		"Schedule":               {scheduleResponse{}, true},
		"BlacklistEntry":         {blacklistEntry{}, true},
		"CreateBlacklistRequest": {createBlacklistRequest{}, false},
		"Chat":                   {chatResponse{}, true},
		"ChatView":               {workflows.ChatView{}, true},
		"Message":                {messageResponse{}, true},
		"PostMessageRequest":     {postMessageRequest{}, false},
		"ChatEvent":              {chatEventResponse{}, true},
		"HandoffRequest":         {handoffRequest{}, false},
		"HandoffContact":         {handoffContact{}, false},
		"HandoffMessage":         {handoffMessage{}, false},
		"AssignRequest":          {assignRequest{}, false},
		"EndRequest":             {endRequest{}, false},
		"TransferRequest":        {transferRequest{}, false},
		"AnswerRequest":          {answerRequest{}, false},
		"PromptAnswerRequest":    {promptAnswerRequest{}, false},
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
		for i := range typ.NumField() {
			tag, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			fields = append(fields, tag)
			if c.response && opts != "omitempty" {
				require.True(t, required[tag], "%s.%s is always sent: list it in required", name, tag)
			}
		}
		require.ElementsMatch(t, fields, documented, "components/schemas/%s properties differ from %s's JSON fields", name, typ.Name())
	}
}
