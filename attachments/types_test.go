package attachments

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"livechat/apperr"
)

// samples holds, per allowed extension, the start of a real file of that
// format (enough for its signature).
var samples = map[string][]byte{
	"7z":   []byte("7z\xBC\xAF\x27\x1C\x00\x04 rest of archive"),
	"avi":  []byte("RIFF\x24\x00\x00\x00AVI LIST...."),
	"bmp":  []byte("BM\x3A\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"),
	"cfg":  []byte("port = 8080\nhost = example.test\n"),
	"csv":  []byte("name,city\nZoë,Zürich\n"),
	"doc":  []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00 word"),
	"docx": []byte("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"),
	"gif":  []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"),
	"gz":   []byte("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03"),
	"jpg":  []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"),
	"jpeg": []byte("\xFF\xD8\xFF\xE1\x00\x10Exif\x00"),
	"json": []byte(`{"order": 42, "note": "déjà vu"}`),
	"mkv":  []byte("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01matroska"),
	"mov":  []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00"),
	"mp3":  []byte("ID3\x04\x00\x00\x00\x00\x00\x00"),
	"mp4":  []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"),
	"pcap": []byte("\xD4\xC3\xB2\xA1\x02\x00\x04\x00"),
	"pdf":  []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
	"pgp":  []byte("-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n"),
	"png":  []byte("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"),
	"psd":  []byte("8BPS\x00\x01\x00\x00"),
	"rar":  []byte("Rar!\x1A\x07\x01\x00"),
	"svg":  []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`),
	"tar":  append(append(bytes.Repeat([]byte{'a'}, 257), "ustar\x0000"...), make([]byte, 100)...),
	"tgz":  []byte("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03"),
	"tif":  []byte("II*\x00\x08\x00\x00\x00"),
	"tiff": []byte("MM\x00*\x00\x00\x00\x08"),
	"txt":  []byte("Hello, 世界\r\n"),
	"wav":  []byte("RIFF\x24\x08\x00\x00WAVEfmt "),
	"webm": []byte("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01webm"),
	"wmv":  []byte("\x30\x26\xB2\x75\x8E\x66\xCF\x11\xA6\xD9\x00\xAA\x00\x62\xCE\x6C\x00"),
	"xls":  []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00 excel"),
	"xlsx": []byte("PK\x03\x04\x14\x00\x06\x00xl/workbook.xml"),
	"xml":  []byte("\xEF\xBB\xBF<?xml version=\"1.0\"?><order/>"),
	"zip":  []byte("PK\x03\x04\x0A\x00\x00\x00"),
}

// allowed is the product documentation's list.
var allowed = strings.Fields("7z avi bmp cfg csv doc docx gif gz jpg jpeg json mkv mov mp3 mp4 pcap pdf pgp png psd rar svg tar tgz tif tiff txt wav webm wmv xls xlsx xml zip")

func check(name string, content []byte, maxBytes int64) ([]byte, error) {
	ext := Extension(name)
	ft, ok := types[ext]
	if !ok {
		return nil, errTypeNotAllowed(ext)
	}
	r, err := checked(ext, ft, bytes.NewReader(content), maxBytes)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func requireCode(t *testing.T, err error, kind apperr.Kind, code string, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	ae, ok := apperr.As(err)
	require.True(t, ok, "not an apperr: %v", err)
	require.Equal(t, code, ae.Code, msgAndArgs...)
	require.Equal(t, kind, ae.Kind, msgAndArgs...)
	require.NotEmpty(t, ae.Message)
}

func TestAllowedExtensionsAreTheProductList(t *testing.T) {
	t.Parallel()
	require.ElementsMatch(t, allowed, Extensions())
	for _, ext := range allowed {
		require.Contains(t, samples, ext, "a sample of .%s", ext)
	}
}

func TestEveryTypeAcceptsItsFormat(t *testing.T) {
	t.Parallel()
	for ext, content := range samples {
		got, err := check("file."+strings.ToUpper(ext), content, DefaultMaxBytes)
		require.NoError(t, err, ext)
		require.Equal(t, content, got, "%s: the bytes pass through unchanged", ext)
	}
}

func TestEveryTypeRefusesOtherContent(t *testing.T) {
	t.Parallel()
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF")
	html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	for ext := range samples {
		// Each type refuses a Windows executable and every other format
		// except the ones sharing its signature.
		_, err := check("file."+ext, exe, DefaultMaxBytes)
		requireCode(t, err, apperr.Unprocessable, "file_content_mismatch", "exe as .%s", ext)
		require.Contains(t, err.Error(), "."+ext)
		for other, content := range samples {
			if sameFamily(ext, other) {
				continue
			}
			_, err := check("file."+ext, content, DefaultMaxBytes)
			requireCode(t, err, apperr.Unprocessable, "file_content_mismatch", ".%s content as .%s", other, ext)
		}
		if !types[ext].text {
			_, err := check("file."+ext, html, DefaultMaxBytes)
			requireCode(t, err, apperr.Unprocessable, "file_content_mismatch", "HTML as .%s", ext)
		}
	}
}

// sameFamily reports formats that one signature check cannot tell apart
// (and plain-text types, which accept any text).
func sameFamily(a, b string) bool {
	families := [][]string{
		{"jpg", "jpeg"}, {"tif", "tiff"}, {"gz", "tgz"}, {"doc", "xls"}, {"docx", "xlsx", "zip"}, {"mkv", "webm"},
		{"mp4", "mov"},
	}
	if a == b {
		return true
	}
	for _, f := range families {
		if contains(f, a) && contains(f, b) {
			return true
		}
	}
	textual := map[string]bool{"cfg": true, "csv": true, "txt": true, "json": true, "xml": true, "svg": true, "pgp": true}
	// Any text passes cfg, csv and txt; JSON, XML and SVG are text too.
	if (a == "cfg" || a == "csv" || a == "txt") && textual[b] {
		return true
	}
	// An SVG document is XML; binary OpenPGP only promises a first byte
	// with the high bit set.
	return (a == "xml" && b == "svg") || (a == "pgp" && samples[b][0]&0x80 != 0)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestDisallowedExtensions(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"run.exe", "page.html", "page.htm", "script.js", "noext", "archive.", ".png", "photo.png.exe", "x.php", "s.svgz"} {
		_, err := check(name, samples["png"], DefaultMaxBytes)
		requireCode(t, err, apperr.Unsupported, "file_type_not_allowed", name)
		require.Contains(t, err.Error(), "png, psd", "the message lists the allowed extensions")
	}
}

func TestTextMustBeUTF8WithoutNUL(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("line of text ✓\n", 2000) // past the sniffed head
	for name, content := range map[string]string{
		"latin-1":              "caf\xE9\n",
		"NUL at start":         "\x00abc",
		"NUL after the head":   long + "\x00",
		"bad byte after head":  long + "\xFF",
		"cut rune at the end":  long + "\xE2\x9C",
		"UTF-16 with BOM":      "\xFF\xFEh\x00i\x00",
		"PDF posing as text":   "%PDF-1.4 hello",
		"binary control bytes": "abc\x01\x02\x03",
	} {
		_, err := check("notes.txt", []byte(content), DefaultMaxBytes)
		requireCode(t, err, apperr.Unprocessable, "file_content_mismatch", name)
	}
	// Runes split across reads are fine.
	got, err := func() ([]byte, error) {
		r, err := checked("txt", types["txt"], iotest.OneByteReader(strings.NewReader(long+"€")), DefaultMaxBytes)
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}()
	require.NoError(t, err)
	require.Equal(t, long+"€", string(got))
}

func TestEmptyAndTooLarge(t *testing.T) {
	t.Parallel()
	_, err := check("a.txt", nil, DefaultMaxBytes)
	requireCode(t, err, apperr.Unprocessable, "file_empty")

	png := append(append([]byte{}, samples["png"]...), make([]byte, 100)...)
	got, err := check("a.png", png[:50], 50)
	require.NoError(t, err, "exactly the limit is fine")
	require.Len(t, got, 50)
	_, err = check("a.png", png[:51], 50)
	requireCode(t, err, apperr.TooLarge, "file_too_large")
	require.Contains(t, err.Error(), "50 bytes")

	// Past the sniffed head, the limit is enforced while streaming.
	big := append(append([]byte{}, samples["png"]...), make([]byte, 3*sniffLen)...)
	_, err = check("a.png", big, int64(2*sniffLen))
	requireCode(t, err, apperr.TooLarge, "file_too_large")
	require.Contains(t, err.Error(), "16 KiB")
}

type brokenReader struct{}

func (brokenReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadErrorsAreNotUserErrors(t *testing.T) {
	t.Parallel()
	_, err := checked("png", types["png"], brokenReader{}, DefaultMaxBytes)
	require.Error(t, err)
	_, isUser := apperr.As(err)
	require.False(t, isUser)
}

func TestServed(t *testing.T) {
	t.Parallel()
	for ext, ft := range types {
		as, inline := Served(ft.mime)
		switch ext {
		case "png", "jpg", "jpeg", "gif", "bmp":
			require.True(t, inline, ext)
			require.Equal(t, ft.mime, as)
			require.True(t, strings.HasPrefix(as, "image/"))
		default:
			require.False(t, inline, "%s is a download", ext)
			require.Equal(t, "application/octet-stream", as, ext)
		}
	}
	as, inline := Served("text/html")
	require.False(t, inline)
	require.Equal(t, "application/octet-stream", as)
}

func TestCleanFilename(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"report.pdf":                    "report.pdf",
		`C:\Users\me\Desktop\photo.JPG`: "photo.JPG",
		"../../etc/passwd.txt":          "passwd.txt",
		"  spaced name.txt  ":           "spaced name.txt",
		"evil\u202Egnp.exe":             "evilgnp.exe",
		"tab\tand\nnewline.txt":         "tabandnewline.txt",
		"bad\xFFbyte.txt":               "badbyte.txt",
		"dir/":                          "",
	} {
		require.Equal(t, want, CleanFilename(in), "%q", in)
	}
	long := strings.Repeat("é", 300) + ".xlsx"
	got := CleanFilename(long)
	require.Equal(t, 255, len([]rune(got)))
	require.True(t, strings.HasSuffix(got, ".xlsx"))
}

func TestFormatSize(t *testing.T) {
	t.Parallel()
	require.Equal(t, "10 MiB", FormatSize(10<<20))
	require.Equal(t, "10304 KiB", FormatSize(10<<20+64<<10))
	require.Equal(t, "1000 bytes", FormatSize(1000))
}
