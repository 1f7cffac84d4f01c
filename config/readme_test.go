package config

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeDocumentsEveryVariable keeps the README's configuration table in
// step with Vars: every variable, with its default.
func TestReadmeDocumentsEveryVariable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, v := range Vars {
		want := "| `" + v.Name + "` | "
		if v.Default != "" {
			want += "`" + v.Default + "`"
		}
		require.True(t, strings.Contains(string(readme), want), "README.md lacks the row for %s (want it to start with %q)", v.Name, want)
	}
}
