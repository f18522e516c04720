"""Season files shipped with pitboard (TOML data; read with `pitboard.formats.season`)."""
