package notify

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// capturedRequest is what a fake provider saw of one request.
type capturedRequest struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// fakeProvider is a local stand-in for a provider's API. It records every
// request and answers with reply. Assertions run on the test goroutine,
// never inside the handler.
type fakeProvider struct {
	*httptest.Server
	hits     atomic.Int32
	requests chan capturedRequest
}

// newFakeProvider starts a fakeProvider closed at the end of the test.
func newFakeProvider(t *testing.T, reply http.HandlerFunc) *fakeProvider {
	t.Helper()
	f := &fakeProvider{requests: make(chan capturedRequest, 16)}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		select {
		case f.requests <- capturedRequest{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}:
		default:
		}
		reply(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// lastRequest returns the request the fake received, failing if none did.
func (f *fakeProvider) lastRequest(t *testing.T) capturedRequest {
	t.Helper()
	select {
	case r := <-f.requests:
		return r
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the fake provider received no request")
		return capturedRequest{}
	}
}
