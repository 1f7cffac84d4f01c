package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// errNoDatabase is the answer of scenarios that seed or inspect PostgreSQL
// directly when -database-url was not given.
var errNoDatabase = errors.New("needs -database-url (the stack's PostgreSQL, loopback only); scripts/bench.sh passes it")

// openDB connects to the stack's database for the scenarios that seed data
// in bulk or read what the API does not show (timer lateness, EXPLAIN,
// connection counts). Only a loopback PostgreSQL is accepted.
func openDB(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("-database-url: %w", err)
	}
	if err := checkLoopbackHost(cfg.ConnConfig.Host); err != nil {
		return nil, fmt.Errorf("-database-url: %w", err)
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("-database-url: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("-database-url: %w", err)
	}
	return pool, nil
}
