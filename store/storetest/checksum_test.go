package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/store"
)

// A template is reused only for the very same migrations: editing any of
// them, not only the first, must name a new template.
func TestTemplateNameFollowsEveryMigration(t *testing.T) {
	ms := []store.Migration{{Version: 1, Checksum: "aaaaaaaaaaaaaaaa"}, {Version: 2, Checksum: "bbbbbbbbbbbbbbbb"}}
	before := combinedChecksum(ms)
	ms[1].Checksum = "cccccccccccccccc"
	require.NotEqual(t, before, combinedChecksum(ms), "an edit of the last migration")
	require.Len(t, combinedChecksum(ms), 12)
}
