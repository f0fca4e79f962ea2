import { validateAirWaybill, validateNib, validateNpwp } from '../connectors/bea-cukai/identifiers';
import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';

/** Bea Cukai resolvers: validate the identifier before any call, then the request's loaders. */
export const beaCukaiResolvers: Resolvers = {
  Query: {
    customsShipment: (_parent, { airWaybill }, ctx) => {
      const checked = validateAirWaybill(airWaybill);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'airWaybill');
      return ctx.loaders['bea-cukai'].shipment.load(checked.value);
    },
    customsRegistration: (_parent, { nib }, ctx) => {
      const checked = validateNib(nib);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nib');
      return ctx.loaders['bea-cukai'].registrationByNib.load(checked.value);
    },
    customsRegistrationByNpwp: (_parent, { npwp }, ctx) => {
      const checked = validateNpwp(npwp);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'npwp');
      return ctx.loaders['bea-cukai'].registrationByNpwp.load(checked.value);
    },
  },
  CustomsShipment: {
    id: (shipment, _args, ctx) => ctx.ids.encode('CustomsShipment', shipment.airWaybill),
  },
  CustomsRegistration: {
    id: (registration, _args, ctx) => ctx.ids.encode('CustomsRegistration', registration.nib),
  },
  Citizen: {
    customsShipments: (citizen, _args, ctx) =>
      ctx.loaders['bea-cukai'].shipmentsByRecipient.load(citizen.nik),
  },
};
