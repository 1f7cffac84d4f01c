// Package storage keeps the bytes of uploaded files behind a small
// interface, so the local-disk store can give way to an object store
// without touching its callers.
package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
)

// Store keeps blobs under keys the caller chooses.
type Store interface {
	// Put writes everything r yields under key (replacing any blob there)
	// and returns the number of bytes written. It stores nothing when r or
	// the write fails: a reader's error is returned as is (errors.Is works).
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open reads the blob under key; ErrNotFound when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob under key; deleting a missing blob is no error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is returned by Open for a key that holds nothing.
var ErrNotFound = errors.New("storage: no such blob")

// ErrInvalidKey is returned for keys that are not a relative path of plain
// names: empty, absolute, with "." or ".." elements, backslashes, hidden
// names or characters outside [A-Za-z0-9._-].
var ErrInvalidKey = errors.New("storage: invalid key")

// keyPattern accepts slash-separated names that start with a letter or a
// digit: no "", ".", ".." or hidden elements, nothing to escape the root.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$`)

// CheckKey reports ErrInvalidKey for a key no Store accepts.
func CheckKey(key string) error {
	if len(key) > 512 || !keyPattern.MatchString(key) {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	return nil
}

// Disk stores blobs as files under a root directory (created on first
// write). Every access goes through os.Root, so neither a key nor a
// symbolic link inside the root can reach a file outside it.
type Disk struct {
	root string
}

// NewDisk returns a store rooted at dir.
func NewDisk(dir string) *Disk { return &Disk{root: dir} }

// Root is the directory the blobs live in.
func (d *Disk) Root() string { return d.root }

// tempPrefix names in-progress writes; keys cannot start with a dot, so a
// temporary file never collides with a blob.
const tempPrefix = ".upload-"

// Put writes r to a temporary file in the root, syncs it and renames it
// into place: a reader or disk that fails half-way leaves nothing behind.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(d.root, 0o750); err != nil {
		return 0, fmt.Errorf("storage: create root: %w", err)
	}
	root, err := os.OpenRoot(d.root)
	if err != nil {
		return 0, fmt.Errorf("storage: open root: %w", err)
	}
	defer func() { _ = root.Close() }()

	tmp, err := tempName()
	if err != nil {
		return 0, err
	}
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return 0, fmt.Errorf("storage: create temporary file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = f.Close()
			_ = root.Remove(tmp)
		}
	}()
	n, err := io.Copy(f, ctxReader{ctx: ctx, r: r})
	if err != nil {
		return n, err
	}
	if err := f.Sync(); err != nil {
		return n, fmt.Errorf("storage: sync %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return n, fmt.Errorf("storage: close %s: %w", key, err)
	}
	if dir := path.Dir(key); dir != "." {
		if err := root.MkdirAll(dir, 0o750); err != nil {
			return n, fmt.Errorf("storage: create %s: %w", dir, err)
		}
	}
	if err := root.Rename(tmp, key); err != nil {
		return n, fmt.Errorf("storage: move %s into place: %w", key, err)
	}
	done = true
	return n, nil
}

// Open opens the file under key for reading.
func (d *Disk) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(d.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open root: %w", err)
	}
	defer func() { _ = root.Close() }()
	f, err := root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", key, err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("%w: %s is not a file", ErrNotFound, key)
	}
	return f, nil
}

// Delete removes the file under key.
func (d *Disk) Delete(_ context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	root, err := os.OpenRoot(d.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("storage: open root: %w", err)
	}
	defer func() { _ = root.Close() }()
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: delete %s: %w", key, err)
	}
	return nil
}

func tempName() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("storage: random name: %w", err)
	}
	return tempPrefix + hex.EncodeToString(b), nil
}

// ctxReader stops a copy once the context ends (a client that went away).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

var _ Store = (*Disk)(nil)
