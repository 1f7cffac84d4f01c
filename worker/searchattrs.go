package worker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// SearchAttributes are the custom Keyword attributes every chat workflow
// upserts, so ops can filter chats in Temporal UI.
var SearchAttributes = []string{"ChatStatus", "OrgId", "TeamId", "AssigneeId", "ContactId"}

// EnsureSearchAttributes registers the chat search attributes in the
// namespace; attributes that already exist are left alone.
func EnsureSearchAttributes(ctx context.Context, c client.Client, namespace string) error {
	existing, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("worker: list search attributes: %w", err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for _, name := range SearchAttributes {
		if _, ok := existing.GetCustomAttributes()[name]; !ok {
			missing[name] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace: namespace, SearchAttributes: missing,
	})
	var exists *serviceerror.AlreadyExists
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("worker: add search attributes: %w", err)
	}
	return nil
}

// DevServerSearchAttributeFlags are the `temporal server start-dev` flags
// that register the same attributes at start.
func DevServerSearchAttributeFlags() []string {
	var out []string
	for _, name := range SearchAttributes {
		out = append(out, "--search-attribute", name+"=Keyword")
	}
	return out
}

// FindTemporalCLI locates the `temporal` binary (for the dev server):
// $LIVECHAT_TEMPORAL_BIN, then PATH, then $GOPATH/bin where `go install`
// puts it.
func FindTemporalCLI() (string, error) {
	if p := os.Getenv("LIVECHAT_TEMPORAL_BIN"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("temporal"); err == nil {
		return p, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "temporal")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New("the Temporal CLI is not installed: run `make tools` (go install github.com/temporalio/cli/cmd/temporal@v1.5.1) or set LIVECHAT_TEMPORAL_BIN")
}

// DevServerTuningFlags lift two defaults of `temporal server start-dev` that
// throttle a busy stack: its single history shard reads the transfer queue
// at most 20 times a second (about 40 ms added to every task under load),
// and four task-queue partitions occasionally leave a task waiting seconds.
// See bench/README.md for the measurements. The test script and
// scripts/bench.sh pass the same values.
func DevServerTuningFlags() []string {
	return []string{
		"--dynamic-config-value", "history.transferProcessorMaxPollRPS=1000",
		"--dynamic-config-value", "matching.numTaskqueueReadPartitions=1",
		"--dynamic-config-value", "matching.numTaskqueueWritePartitions=1",
	}
}
