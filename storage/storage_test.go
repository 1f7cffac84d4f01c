package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// files lists the regular files under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return nil
		}
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(dir, p)
			require.NoError(t, err)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

func readAll(t *testing.T, d *Disk, key string) string {
	t.Helper()
	rc, err := d.Open(t.Context(), key)
	require.NoError(t, err)
	defer func() { require.NoError(t, rc.Close()) }()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return string(b)
}

func TestDiskPutOpenDelete(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "blobs") // created on first write
	d := NewDisk(dir)

	n, err := d.Put(t.Context(), "org-1/a.bin", strings.NewReader("hello"))
	require.NoError(t, err)
	require.EqualValues(t, 5, n)
	require.Equal(t, "hello", readAll(t, d, "org-1/a.bin"))
	require.Equal(t, []string{"org-1/a.bin"}, files(t, dir), "no temporary file is left")

	// Put replaces.
	_, err = d.Put(t.Context(), "org-1/a.bin", strings.NewReader("bye"))
	require.NoError(t, err)
	require.Equal(t, "bye", readAll(t, d, "org-1/a.bin"))

	require.NoError(t, d.Delete(t.Context(), "org-1/a.bin"))
	require.Empty(t, files(t, dir))
	_, err = d.Open(t.Context(), "org-1/a.bin")
	require.ErrorIs(t, err, ErrNotFound)
	require.NoError(t, d.Delete(t.Context(), "org-1/a.bin"), "deleting a missing blob is no error")
}

func TestDiskOpenMissing(t *testing.T) {
	t.Parallel()
	d := NewDisk(filepath.Join(t.TempDir(), "never-created"))
	_, err := d.Open(t.Context(), "nothing")
	require.ErrorIs(t, err, ErrNotFound)
	require.NoError(t, d.Delete(t.Context(), "nothing"))

	d = NewDisk(t.TempDir())
	_, err = d.Put(t.Context(), "dir/file", strings.NewReader("x"))
	require.NoError(t, err)
	_, err = d.Open(t.Context(), "dir")
	require.ErrorIs(t, err, ErrNotFound, "a directory is not a blob")
}

type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestDiskFailedPutLeavesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := NewDisk(dir)
	boom := errors.New("boom")
	_, err := d.Put(t.Context(), "org/key", &failingReader{data: bytes.Repeat([]byte("x"), 100_000), err: boom})
	require.ErrorIs(t, err, boom, "the reader's error comes back as is")
	require.Empty(t, files(t, dir))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "not even the key's directory is created")

	// A blob already under the key survives a failed replacement.
	_, err = d.Put(t.Context(), "org/key", strings.NewReader("old"))
	require.NoError(t, err)
	_, err = d.Put(t.Context(), "org/key", &failingReader{data: []byte("new"), err: boom})
	require.ErrorIs(t, err, boom)
	require.Equal(t, "old", readAll(t, d, "org/key"))
	require.Equal(t, []string{"org/key"}, files(t, dir))

	// So does a cancelled context.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = d.Put(ctx, "org/other", strings.NewReader("data"))
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, []string{"org/key"}, files(t, dir))
}

func TestDiskRefusesPathTraversal(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "root")
	d := NewDisk(dir)
	for _, key := range []string{
		"", ".", "..", "../escape", "a/../../escape", "a/./b", "/etc/passwd", "a//b", "a/", `a\..\b`,
		".hidden", "a/.hidden", tempPrefix + "x", "a b", "ü", strings.Repeat("a", 513),
	} {
		_, err := d.Put(t.Context(), key, strings.NewReader("x"))
		require.ErrorIs(t, err, ErrInvalidKey, "Put %q", key)
		_, err = d.Open(t.Context(), key)
		require.ErrorIs(t, err, ErrInvalidKey, "Open %q", key)
		require.ErrorIs(t, d.Delete(t.Context(), key), ErrInvalidKey, "Delete %q", key)
	}
	require.Empty(t, files(t, parent))
}

func TestDiskDoesNotFollowLinksOutOfTheRoot(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	outside := filepath.Join(parent, "outside")
	require.NoError(t, os.Mkdir(outside, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600))
	dir := filepath.Join(parent, "root")
	require.NoError(t, os.Mkdir(dir, 0o750))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "link")))
	d := NewDisk(dir)

	_, err := d.Open(t.Context(), "link/secret")
	require.Error(t, err)
	_, err = d.Put(t.Context(), "link/planted", strings.NewReader("x"))
	require.Error(t, err)
	require.Error(t, d.Delete(t.Context(), "link/secret"))
	_, err = os.Stat(filepath.Join(outside, "planted"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	_, err = os.Stat(filepath.Join(outside, "secret"))
	require.NoError(t, err)
}
