package worker

import (
	"context"
	"errors"
	"fmt"

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
