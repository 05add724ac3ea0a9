import type { Importer } from './importer.js';
import { awsOnDemandTsv } from './awsOnDemandTsv.js';
import { awsSpotAdvisor } from './awsSpotAdvisor.js';
import { ec2InstancesInfo } from './ec2InstancesInfo.js';
import { awsSpotPriceHistory } from './awsSpotPriceHistory.js';
import { awsGetProducts } from './awsGetProducts.js';
import { awsOfferCsv } from './awsOfferCsv.js';
import { azureRetailPrices } from './azureRetailPrices.js';
import { azureBatchVmSizes } from './azureBatchVmSizes.js';
import { gcpPricingYaml } from './gcpPricingYaml.js';
import { multicloudSpecCsv } from './multicloudSpecCsv.js';

/** Every `catalog import --from` format, one importer per file. */
export const IMPORTERS: readonly Importer[] = [
  awsOnDemandTsv,
  awsSpotAdvisor,
  ec2InstancesInfo,
  awsSpotPriceHistory,
  awsGetProducts,
  awsOfferCsv,
  azureRetailPrices,
  azureBatchVmSizes,
  gcpPricingYaml,
  multicloudSpecCsv,
];

export function importerFor(format: string): Importer | undefined {
  return IMPORTERS.find((i) => i.format === format);
}
