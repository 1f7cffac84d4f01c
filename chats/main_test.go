package chats

import (
	"testing"

	"livechat/worker/workertest"
)

func TestMain(m *testing.M) { workertest.Main(m) }
