/**
 * Default unit prices for what is not an instance: disks, cross-AZ traffic and the online
 * feature store. They are list prices for AWS us-east-1 with their sources; a later catalog of
 * managed services (pricing/services.csv) supersedes them.
 */

/** EBS gp3, USD per GB-month (../shared/data/services: Infracost ebs_volume golden, 2024-07). */
export const EBS_GP3_USD_PER_GB_MONTH = 0.08;

/**
 * Intra-region cross-AZ transfer, USD per GB in each direction, so a byte that crosses costs
 * twice this (../shared/data/services: Infracost data_transfer golden; AWS MSK sizing script
 * CROSS_AZ_COST_PER_GB = 0.02).
 */
export const CROSS_AZ_USD_PER_GB_EACH_WAY = 0.01;

/**
 * DynamoDB on-demand read request units, USD per million (after the Nov-2024 cut; models.md §7).
 * One RRU is one strongly consistent read of ≤ 4 KB, or two eventually consistent ones.
 */
export const DYNAMODB_USD_PER_MILLION_RRU = 0.125;

/** DynamoDB Standard table storage, USD per GB-month (models.md §7). */
export const DYNAMODB_USD_PER_GB_MONTH = 0.25;
