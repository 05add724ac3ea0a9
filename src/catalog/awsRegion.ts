/**
 * AWS price lists name regions by their console location ("US East (N. Virginia)") and spot
 * price histories by AZ ID ("use1-az4"); the catalog keys rows by region code. AWS renamed the
 * "EU (…)" locations to "Europe (…)" in 2023, so both spellings are listed.
 */
const LOCATIONS: ReadonlyArray<readonly [string, string]> = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['af-south-1', 'Africa (Cape Town)'],
  ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-east-2', 'Asia Pacific (Taipei)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
  ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-7', 'Asia Pacific (Thailand)'],
  ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-1', 'EU (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-central-2', 'EU (Zurich)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-1', 'EU (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-2', 'EU (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['eu-west-3', 'EU (Paris)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-1', 'EU (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['eu-south-2', 'EU (Spain)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['eu-north-1', 'EU (Stockholm)'],
  ['il-central-1', 'Israel (Tel Aviv)'],
  ['me-south-1', 'Middle East (Bahrain)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['mx-central-1', 'Mexico (Central)'],
  ['sa-east-1', 'South America (Sao Paulo)'],
  ['sa-east-1', 'South America (São Paulo)'],
  ['us-gov-east-1', 'AWS GovCloud (US-East)'],
  ['us-gov-west-1', 'AWS GovCloud (US-West)'],
  ['us-gov-west-1', 'AWS GovCloud (US)'],
];

const BY_LOCATION = new Map(LOCATIONS.map(([code, name]) => [name.toLowerCase(), code]));

/** Region code for a price-list location name, or undefined when unknown. */
export function awsRegionForLocation(location: string): string | undefined {
  return BY_LOCATION.get(location.trim().toLowerCase());
}

/** AZ ID prefixes ("use1" in "use1-az4") of the regions whose IDs are published. */
const AZ_ID_PREFIX: Readonly<Record<string, string>> = {
  use1: 'us-east-1',
  use2: 'us-east-2',
  usw1: 'us-west-1',
  usw2: 'us-west-2',
  afs1: 'af-south-1',
  ape1: 'ap-east-1',
  aps1: 'ap-south-1',
  aps2: 'ap-south-2',
  apne1: 'ap-northeast-1',
  apne2: 'ap-northeast-2',
  apne3: 'ap-northeast-3',
  apse1: 'ap-southeast-1',
  apse2: 'ap-southeast-2',
  apse3: 'ap-southeast-3',
  apse4: 'ap-southeast-4',
  cac1: 'ca-central-1',
  caw1: 'ca-west-1',
  euc1: 'eu-central-1',
  euc2: 'eu-central-2',
  euw1: 'eu-west-1',
  euw2: 'eu-west-2',
  euw3: 'eu-west-3',
  eus1: 'eu-south-1',
  eus2: 'eu-south-2',
  eun1: 'eu-north-1',
  ilc1: 'il-central-1',
  mes1: 'me-south-1',
  mec1: 'me-central-1',
  sae1: 'sa-east-1',
  usge1: 'us-gov-east-1',
  usgw1: 'us-gov-west-1',
};

/**
 * Region of an availability zone given either as a name ("us-east-1f": the region plus a
 * letter) or as an AZ ID ("use1-az4").
 */
export function awsRegionForZone(zone: string): string | undefined {
  const id = /^([a-z]+\d+)-az\d+$/.exec(zone);
  if (id) return AZ_ID_PREFIX[id[1]!];
  const name = /^([a-z]+(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone);
  return name ? name[1] : undefined;
}
