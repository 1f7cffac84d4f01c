# Livechat image: one static binary (`livechat api|worker|migrate|healthcheck`)
# with the web app embedded.
#
#   docker build -t livechat:local .
#
# Works with BuildKit and with the classic builder (no RUN --mount, no --chmod).

ARG NODE_VERSION=22
ARG GO_VERSION=1.26

# --- 1. web app (TypeScript/Vite) -> web/dist -------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS web
WORKDIR /src/web
# Manifests first so the dependency layer is cached across source edits.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build \
 && test -d dist/app

# --- 2. Go binary ------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
# go.mod pins the toolchain; never download another one inside the build.
ENV GOTOOLCHAIN=local \
    CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The embedded assets come from stage 1, not from the build context
# (.dockerignore drops web/dist).
COPY --from=web /src/web/dist ./web/dist
ARG VERSION=dev
RUN go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" \
      -o /out/livechat ./cmd/livechat

# --- 3. runtime ----------------------------------------------------------------
# distroless/static: CA certificates (SendGrid, Twilio), tzdata (team schedules),
# no shell, no package manager. Runs as the image's `nonroot` user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/livechat /livechat
USER 65532:65532
ENV LIVECHAT_HTTP_ADDR=:8080
EXPOSE 8080
# No HEALTHCHECK here: it would apply to worker and migrate containers too.
# docker-compose.yml sets `/livechat healthcheck` on the api service.
ENTRYPOINT ["/livechat"]
CMD ["api"]
