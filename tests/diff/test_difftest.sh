#!/usr/bin/env bash
# test_difftest.sh — make check's short pass of the differential harness
# (difftest.sh): ours against the peer tools on the random labs of a few fixed seeds.
# The seeds were drawn once with `shuf -i 1-999999` and taken in the order drawn, not
# picked for what they find; `make difftest SEEDS=N` runs a long pass. Its closing line
# is "difftest: N passed, N failed".
exec bash "$(dirname "$0")/difftest.sh" --seed 317304 --seed 873314 --seed 565159 --seed 295198
