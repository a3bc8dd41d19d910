#!/usr/bin/env bash
# Fetch tesseract's best_int Vietnamese model from npm (@tesseract.js-data/vie) into a
# tessdata folder DIR, with the configs and OSD model tesseract needs beside it.
# Then: SOHOA_TESSDATA_DIR=DIR sohoa digitize ...   (measured slower and less accurate
# than Debian's vie on our forms: see README, "OCR model").
set -euo pipefail
dir=${1:?usage: scripts/fetch-best-int.sh DIR}
system=/usr/share/tesseract-ocr/5/tessdata
mkdir -p "$dir"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @tesseract.js-data/vie@1.0.0 >/dev/null && tar xzf ./*.tgz)
gunzip -c "$work/package/4.0.0_best_int/vie.traineddata.gz" > "$dir/vie.traineddata.tmp"
mv "$dir/vie.traineddata.tmp" "$dir/vie.traineddata"
cp -r "$system/configs" "$dir/"
cp "$system/osd.traineddata" "$dir/"
echo "best_int vie model in $dir"
