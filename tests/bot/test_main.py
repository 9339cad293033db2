"""``python -m bot`` without a token, and the settings webhook mode refuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from courses.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_token_the_bot_exits_cleanly_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "BOT_TOKEN": "", "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0]


def test_webhook_mode_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(bot_mode="webhook", bot_token="1:x", webhook_base_url="https://example.org",
                      secret_key="x", data_dir=tmp_path, _env_file=None)
