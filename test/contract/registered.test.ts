import { registry } from '../../src/connectors/registry';
import type { ConnectorDefinition } from '../../src/connectors/core/types';
import { loadFixture } from './fixtures';
import { describeConnectorContract } from './suite';

/**
 * Every connector in the registry keeps the connector contract. A registered connector
 * without a fixture fails here, naming the file to add.
 */
for (const definition of registry as readonly ConnectorDefinition[]) {
  describeConnectorContract(definition, loadFixture(definition.key));
}
