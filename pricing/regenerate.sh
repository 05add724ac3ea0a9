#!/usr/bin/env bash
# Regenerates the bundled catalogs from ../shared/data with capsim's own importers.
# Usage: npm run build && pricing/regenerate.sh      (DATA=<dir> and CAPSIM=<command> override the defaults)
# test/catalog/bundled.test.ts runs these exact lines and checks the output matches the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."
D="${DATA:-../shared/data}"
CAPSIM="${CAPSIM:-node dist/cli/main.js}"

$CAPSIM catalog import --from aws-ondemand-tsv $D/catalog/aws_ondemand_linux_us-east-1_2026-07-20.tsv --with aws-spot-advisor=$D/spot/aws_spot-advisor-data_2025-06.json --with ec2instances-multicloud-csv=$D/catalog/ec2instances-info_instance-types_multicloud_2022-06.csv --with ec2instances-json=$D/catalog/ec2instances-info_instances_2017-11-12.json --derive-specs --out pricing/aws.csv

$CAPSIM catalog import --from gcp-pricing-yaml $D/catalog/gcp_compute_pricing_cyclenerd_2026-07-30.yml --region us-central1,europe-west1,asia-northeast1 --with ec2instances-multicloud-csv=$D/catalog/ec2instances-info_instance-types_multicloud_2022-06.csv --out pricing/gcp.csv

$CAPSIM catalog import --from azure-batch-vm-sizes $D/catalog/azure_batch_vm_sizes_azurecloud_westeurope_prices_2025-03.json --with ec2instances-multicloud-csv=$D/catalog/ec2instances-info_instance-types_multicloud_2022-06.csv --out pricing/azure.csv
