#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages sohoa needs, only if something is missing.
# Without root it goes through sudo; without sudo it prints the exact command.
set -euo pipefail
PKGS=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd hunspell-vi poppler-utils
      fonts-liberation2 fonts-noto-core fonts-dejavu-core icc-profiles-free python3-venv
      default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
      redis-server postgresql  # broker and catalog for multi-machine campaigns
      softhsm2  # a PKCS#11 token in software: the signing tests (offices use hardware tokens)
      chromium)  # the web app's browser tests (Playwright drives Debian's browser; none is downloaded)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "sohoa: installing system packages: ${missing[*]}" >&2
cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
  echo "sohoa: not root and no sudo; run as root:" >&2
  echo "  apt-get update && ${cmd[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" "${cmd[@]}"
