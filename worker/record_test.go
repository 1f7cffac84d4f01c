package worker_test

import (
	"os"
	"path/filepath"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"livechat/workflows"
)

// recordHistory writes the chat workflow's history as JSON into
// $LIVECHAT_RECORD_HISTORIES (when set), for the replay tests in
// workflows/testdata/histories: `make record-histories` refreshes them.
// The test itself runs the same either way.
func (s *stack) recordHistory(name string, chatID uuid.UUID) {
	dir := os.Getenv("LIVECHAT_RECORD_HISTORIES")
	if dir == "" {
		return
	}
	it := s.tc.GetWorkflowHistory(s.t.Context(), workflows.ChatWorkflowID(chatID.String()), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var h historypb.History
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(s.t, err)
		h.Events = append(h.Events, e)
	}
	raw, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(&h)
	require.NoError(s.t, err)
	require.NoError(s.t, os.MkdirAll(dir, 0o755))
	require.NoError(s.t, os.WriteFile(filepath.Join(dir, name+".json"), raw, 0o644))
}
