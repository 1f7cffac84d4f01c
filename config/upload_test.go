package config_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"livechat/config"
)

func TestUploadSettings(t *testing.T) {
	clearEnv(t)
	cfg, err := config.Load()
	require.NoError(t, err)
	require.Equal(t, "./.data/attachments", cfg.StorageDir)
	require.EqualValues(t, 10<<20, cfg.UploadMaxBytes)

	t.Setenv("LIVECHAT_STORAGE_DIR", "/var/lib/livechat/files")
	t.Setenv("LIVECHAT_UPLOAD_MAX_BYTES", "2097152")
	cfg, err = config.Load()
	require.NoError(t, err)
	require.Equal(t, "/var/lib/livechat/files", cfg.StorageDir)
	require.EqualValues(t, 2<<20, cfg.UploadMaxBytes)

	for _, bad := range []string{"0", "-1", "10MB", "1.5", "104857601"} {
		t.Setenv("LIVECHAT_UPLOAD_MAX_BYTES", bad)
		_, err := config.Load()
		require.Error(t, err, bad)
		require.Contains(t, err.Error(), "LIVECHAT_UPLOAD_MAX_BYTES", bad)
	}
	t.Setenv("LIVECHAT_UPLOAD_MAX_BYTES", "104857600")
	_, err = config.Load()
	require.NoError(t, err, "the cap itself is allowed")
}
