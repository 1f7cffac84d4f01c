// Package workertest connects tests to a real Temporal dev server: the one
// the test script started (LIVECHAT_TEST_TEMPORAL_ADDRESS), or, when tests
// run on their own, one started once per test binary from the `temporal` CLI.
package workertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"livechat/worker"
)

// Namespace is the namespace tests use.
const Namespace = "default"

var address string

// Main runs a package's tests against a Temporal server: the one at
// LIVECHAT_TEST_TEMPORAL_ADDRESS (the test script starts one for the whole
// run), or else a dev server started from the `temporal` CLI for this test
// binary and stopped when its tests end. Call it from TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	address = os.Getenv("LIVECHAT_TEST_TEMPORAL_ADDRESS")
	if address == "" {
		bin, err := worker.FindTemporalCLI()
		if err != nil {
			fmt.Fprintln(os.Stderr, "workertest:", err)
			return 1
		}
		srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
			ExistingPath: bin,
			LogLevel:     "error",
			Stdout:       io.Discard,
			Stderr:       io.Discard,
			ExtraArgs:    append(append([]string{"--headless"}, worker.DevServerSearchAttributeFlags()...), worker.DevServerTuningFlags()...),
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "workertest: start Temporal dev server:", err)
			return 1
		}
		defer func() { _ = srv.Stop() }()
		address = srv.FrontendHostPort()
	}
	if err := registerSearchAttributes(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func registerSearchAttributes(ctx context.Context) error {
	c, err := client.DialContext(ctx, client.Options{HostPort: address, Namespace: Namespace})
	if err != nil {
		return fmt.Errorf("workertest: dial %s: %w", address, err)
	}
	defer c.Close()
	return worker.EnsureSearchAttributes(ctx, c, Namespace)
}

// Address returns the host:port of the Temporal server tests share.
func Address(t testing.TB) string {
	t.Helper()
	require.NotEmpty(t, address, "workertest: call workertest.Main from the package's TestMain")
	return address
}

// Logger keeps the SDK's debug chatter out of test output (warnings and up).
var Logger = tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

// Client returns a client of the shared server, closed at cleanup.
func Client(t testing.TB) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{HostPort: Address(t), Namespace: Namespace, Logger: Logger})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// TaskQueue returns a task queue name no other test uses.
func TaskQueue(t testing.TB) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test-" + hex.EncodeToString(b)
}
